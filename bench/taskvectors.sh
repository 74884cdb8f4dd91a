#!/usr/bin/env bash
# Issue 4 benchmark: task vectors over ~0.5B bf16 synthetic checkpoints (a base; 3 experts and a "general" model,
# each base + noise), warm page cache: extract (float32 deltas), apply 3 vectors onto the general model, stats of
# the 3 vectors, and compress one vector at rank 16. Each step is timed against the I/O floor of the same run:
# read every input once and write the bytes the step wrote, then fsync (cat + dd + sync). Every step and floor
# runs $REPEAT times (default 2) and the best of each is printed: the machine is shared with other builds.
# Usage: bench/taskvectors.sh [SIZE] (default 0.5B). SKILLMERGE=/path/to/launcher runs another build.
source "$(dirname "$0")/lib.sh"
sm="${SKILLMERGE:-$sm}"
size=${1:-0.5B}
repeat=${REPEAT:-2}
"$sm" --version >/dev/null
synth_models "$size" 3
d="$work/$size"
[ -f "$d/general/config.json" ] || "$sm" synth -q -o "$d/general" --like "$d/base" --noise 0.004 --seed 10
tv="$work/tv-$size"
mkdir -p "$tv"
for i in 1 2 3; do
  [ -f "$tv/t$i/taskvector.json" ] || "$sm" taskvector extract -q --base "$d/base" --tuned "$d/e$i" -o "$tv/t$i"
done

# floor OUT_BYTES INPUTS...: seconds to read the inputs once, then write OUT_BYTES and fsync them
floor() {
  local out_bytes=$1; shift
  local start; start=$(date +%s.%N)
  cat "$@" >/dev/null
  if [ "$out_bytes" -gt 0 ]; then
    dd if=/dev/zero of="$work/floor.bin" bs=1M count=$(( (out_bytes + 1048575) / 1048576 )) status=none
    sync -f "$work/floor.bin"
    rm -f "$work/floor.bin"
  fi
  echo "$(date +%s.%N) - $start" | bc
}

min() { printf '%s\n' "$@" | sort -g | head -n1; }

# step NAME OUT INPUT_FILES -- CMD...: best wall and peak RSS of $repeat runs of CMD (writing OUT), and best floor
step() {
  local name=$1 out=$2; shift 2
  local inputs=()
  while [ "$1" != "--" ]; do inputs+=("$1"); shift; done
  shift
  local walls=() rsss=() floors=() wall rss out_bytes
  warm "${inputs[@]}"
  for _ in $(seq 1 "$repeat"); do
    rm -rf "$out"
    IFS=$'\t' read -r _ wall rss < <(measure "$name" "$@")
    walls+=("$wall"); rsss+=("$rss")
    out_bytes=0
    if [ -d "$out" ]; then out_bytes=$(bytes_of "$out"/*.safetensors); elif [ -f "$out" ]; then out_bytes=$(bytes_of "$out"); fi
    floors+=("$(floor "$out_bytes" "${inputs[@]}")")
  done
  local w f in_bytes
  w=$(min "${walls[@]}"); f=$(min "${floors[@]}"); in_bytes=$(bytes_of "${inputs[@]}")
  printf '| %s | %.2f GB | %.2f GB | %.2f | %s | %.2f | %.2fx |\n' "$name" "$(echo "$in_bytes/1000000000" | bc -l)" \
    "$(echo "$out_bytes/1000000000" | bc -l)" "$w" "$(min "${rsss[@]}")" "$f" "$(echo "$w/$f" | bc -l)"
}

echo "| step ($size, bf16 models, f32 task vectors) | read | written | wall s | peak RSS MB | I/O floor s | x floor |"
echo "|---|---|---|---|---|---|---|"
step "extract" "$work/tv-extract" "$d"/base/*.safetensors "$d"/e1/*.safetensors -- \
  "$sm" taskvector extract -q --base "$d/base" --tuned "$d/e1" -o "$work/tv-extract"
step "apply 3 vectors" "$work/applied" "$d"/general/*.safetensors "$tv"/t1/*.safetensors "$tv"/t2/*.safetensors "$tv"/t3/*.safetensors -- \
  "$sm" taskvector apply -q --onto "$d/general" "$tv/t1:0.22" "$tv/t2:0.24" "$tv/t3:0.57" -o "$work/applied"
step "stats of 3 vectors" "$work/stats.txt" "$tv"/t1/*.safetensors "$tv"/t2/*.safetensors "$tv"/t3/*.safetensors -- \
  bash -c "\"$sm\" taskvector stats -q \"$tv/t1\" \"$tv/t2\" \"$tv/t3\" --heatmap \"$work/cosine.svg\" > \"$work/stats.txt\""
step "compress rank 16" "$work/lora16" "$tv"/t1/*.safetensors -- \
  "$sm" taskvector compress -q "$tv/t1" --rank 16 -o "$work/lora16"
"$sm" taskvector compress -q "$tv/t1" --rank 16 -o "$work/lora16-report" --force | grep -E '^(rank|left out)' | sed 's/^/<!-- /; s/$/ -->/'
rm -rf "$work/tv-extract" "$work/applied" "$work/lora16" "$work/lora16-report"
