#!/usr/bin/env bash
# Issue 3 benchmark: merges of ~0.5B (and 2B) bf16 synthetic checkpoints, a base and 3 experts (base + noise 0.002),
# warm page cache. For each: wall time, peak RSS, input GB/s, and the ratio to the I/O floor of the same run
# (read every input once + write one output and fsync it: cat + cp + sync). Each merge and each floor runs
# $REPEAT times (default 3), alternating, and the best of each is printed (the peak RSS is the largest): the
# machine is shared, and a neighbour's burst slows one run by 10-30%.
# Usage: [REPEAT=3] bench/merge.sh [SIZE] (default 0.5B)
source "$(dirname "$0")/lib.sh"
size=${1:-0.5B}
repeat=${REPEAT:-3}
"$sm" --version >/dev/null
synth_models "$size" 3
d="$work/$size"
cfg="$work/configs-$size"; mkdir -p "$cfg"
m() { printf '  - {model: %s, parameters: {weight: %s%s}}\n' "$d/$1" "$2" "${3:-}"; }
{ echo "merge_method: linear"; echo "models:"; m e1 1; m e2 1; m e3 1; } > "$cfg/linear.yml"
{ echo "merge_method: task_arithmetic"; echo "base_model: $d/base"; echo "models:"; m e1 0.5; m e2 0.5; } > "$cfg/task_arithmetic.yml"
{ echo "merge_method: ties"; echo "base_model: $d/base"; echo "models:"; m e1 0.5 ", density: 0.5"; m e2 0.5 ", density: 0.5"; m e3 0.5 ", density: 0.5"; } > "$cfg/ties.yml"
{ echo "merge_method: dare_ties"; echo "base_model: $d/base"; echo "models:"; m e1 0.5 ", density: 0.5"; m e2 0.5 ", density: 0.5"; m e3 0.5 ", density: 0.5"; } > "$cfg/dare_ties.yml"
{ echo "merge_method: slerp"; echo "base_model: $d/base"; echo "parameters: {t: 0.5}"; echo "models:"; echo "  - model: $d/e1"; } > "$cfg/slerp.yml"
{ echo "merge_method: breadcrumbs"; echo "base_model: $d/base"; echo "models:"; m e1 0.5 ", density: 0.9, gamma: 0.01"; m e2 0.5 ", density: 0.9, gamma: 0.01"; m e3 0.5 ", density: 0.9, gamma: 0.01"; } > "$cfg/breadcrumbs.yml"
{ echo "merge_method: model_stock"; echo "base_model: $d/base"; echo "models:"; echo "  - model: $d/e1"; echo "  - model: $d/e2"; echo "  - model: $d/e3"; } > "$cfg/model_stock.yml"

inputs_of() { # the weight files a config reads
  grep -oE "$d/(base|e[0-9])" "$1" | sort -u | while read -r p; do echo "$p"/*.safetensors; done
}
echo "| merge ($size, bf16) | wall s | x I/O floor | input GB/s | peak RSS MB |"
echo "|---|---|---|---|---|"
for name in linear task_arithmetic ties dare_ties slerp breadcrumbs model_stock; do
  files=$(inputs_of "$cfg/$name.yml")
  # shellcheck disable=SC2086
  warm $files
  bytes=$(bytes_of $files)
  out="$work/out-$name"
  floor="" wall="" rss=0
  for _ in $(seq 1 "$repeat"); do
    rm -rf "$out" "$work/floor"
    floor_start=$(date +%s.%N)
    mkdir -p "$work/floor"; cat $files >/dev/null; cp "$d"/base/*.safetensors "$work/floor/"; sync -f "$work/floor"/*
    f=$(echo "$(date +%s.%N) - $floor_start" | bc)
    rm -rf "$work/floor"
    IFS=$'\t' read -r _ w r < <(measure "$name" "$sm" merge -q "$cfg/$name.yml" -o "$out")
    rm -rf "$out"
    floor=$(printf '%s\n' $floor "$f" | sort -g | head -n1)
    wall=$(printf '%s\n' $wall "$w" | sort -g | head -n1)
    rss=$(( r > rss ? r : rss ))
  done
  printf '| %s | %.2f | %.1fx (floor %.2f s) | %.2f | %s |\n' "$name" "$wall" "$(echo "$wall/$floor" | bc -l)" "$floor" "$(echo "$bytes/1000000000/$wall" | bc -l)" "$rss"
done
