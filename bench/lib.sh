#!/usr/bin/env bash
# Shared helpers for the benchmark scripts: timing with peak RSS, synthetic checkpoints cached between runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sm="$root/skillmerge"
work="${BENCH_DIR:-/tmp/skillmerge-bench}"
mkdir -p "$work"

# measure LABEL CMD...: runs CMD with /usr/bin/time, prints "LABEL<TAB>wall_s<TAB>peak_rss_MB"
measure() {
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; rm -f "$log"; return 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2,t,":"); if (length(t)==3) print t[1]*3600+t[2]*60+t[3]; else print t[1]*60+t[2]}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  rm -f "$log"
  printf '%s\t%s\t%s\n' "$label" "$wall" "$rss"
}

# synth_models SIZE EXPERTS: base and EXPERTS experts (base + noise 0.002) under $work/SIZE/, made once
synth_models() {
  local size=$1 experts=$2 dir="$work/$1"
  [ -f "$dir/base/config.json" ] || "$sm" synth -q -o "$dir/base" --params "$size" --seed 0
  for i in $(seq 1 "$experts"); do
    [ -f "$dir/e$i/config.json" ] || "$sm" synth -q -o "$dir/e$i" --like "$dir/base" --noise 0.002 --seed "$i"
  done
}

bytes_of() { du -cb "$@" | tail -n1 | cut -f1; }

# warm LIST...: read files once so the page cache is warm, as every benchmark here assumes
warm() { cat "$@" >/dev/null; }

# finetune_data: prints the path of the fine-tuning benchmarks' plain-text data, made once: 300 documents of 700 words
# drawn from a fixed list with a fixed seed (every document fills several rows)
finetune_data() {
  local data="$work/finetune/text.jsonl"
  mkdir -p "$work/finetune"
  if [ ! -f "$data" ]; then
    awk 'BEGIN { srand(1); n = split("the a cat dog girl boy sun park ball red big little ran saw liked play happy tree bird day " \
          "one time there was went to and with her his mom said they home water fish friend jumped found", w, " ");
          for (d = 0; d < 300; d++) { s = ""; for (i = 0; i < 700; i++) s = s w[int(rand() * n) + 1] " "; printf "{\"text\": \"%s.\"}\n", s } }' > "$data"
  fi
  echo "$data"
}

# finetune_model NAME HIDDEN HEADS LAYERS FF SEQ: prints the path of a randomly initialized Llama of that shape (vocab 512,
# the stories260K tokenizer, untied head), made once
finetune_model() {
  local name=$1 model="$work/finetune/$1"
  if [ ! -f "$model/config.json" ]; then
    local assets="$root/examples/models/stories260K"
    [ -d "$assets" ] || assets="$root/../shared/assets/stories260K"
    [ -f "$work/stories260K/config.json" ] || "$sm" import llama2c -q "$assets/stories260K.bin" --tokenizer "$assets/tok512.bin" -o "$work/stories260K" >/dev/null
    mkdir -p "$work/finetune"
    printf '{"hidden_size": %d, "num_attention_heads": %d, "num_hidden_layers": %d, "intermediate_size": %d, "max_position_embeddings": %d}\n' \
      "$2" "$3" "$4" "$5" "$6" > "$work/finetune/$name.json"
    "$sm" init -q --config "$work/finetune/$name.json" --tokenizer-from "$work/stories260K" -o "$model" >/dev/null
  fi
  echo "$model"
}
