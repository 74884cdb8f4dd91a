#!/usr/bin/env bash
# Issue 6 benchmark: training tokens/s of skillmerge finetune (full fine-tuning, float32, AdamW, CPU) on the issue's two
# shapes, pre-training a randomly initialized model on plain text through the real command (data pipeline, packing,
# optimizer, metrics), with the peak RSS of the whole process. Tokens/s is the sum of tokens over the sum of step times of
# the steps after the warm-up ones, read from the run's metrics.jsonl, with the training thread's CPU
# time per step (with one PyTorch thread, the step's computation; less than the wall time when other processes share the
# cores) and the 1-minute load average when the run ended.
# Shapes (vocab 512, the stories260K tokenizer, untied head, batch 8 examples of full rows):
#   reference: d_model 128, 4 heads, 2 layers, FF 336, seq 128        ~10M: d_model 384, 6 heads, 6 layers, FF 1024, seq 256
# The Python baseline to run beside it, the same hour: bench/finetune_reference.py (same steps, same warm-up).
# Prints Markdown table rows. Usage: bench/finetune.sh [THREADS...]   (default: 1 2)
source "$(dirname "$0")/lib.sh"
threads=("$@")
[ $# -gt 0 ] || threads=(1 2)
data=$(finetune_data)

# shape NAME HIDDEN HEADS LAYERS FF SEQ STEPS WARMUP: WARMUP steps are left out of the figures
shape() {
  local name=$1 hidden=$2 heads=$3 layers=$4 ff=$5 seq=$6 steps=$7 warmup=$8 model
  model=$(finetune_model "$name" "$hidden" "$heads" "$layers" "$ff" "$seq")
  local params
  params=$(awk -F'[:,]' '/"hidden_size"/ {h=$2+0} /"intermediate_size"/ {f=$2+0} /"num_hidden_layers"/ {l=$2+0} /"vocab_size"/ {v=$2+0}
      END { printf "%.1fM", (l * (4 * h * h + 3 * h * f + 2 * h) + 2 * v * h + h) / 1e6 }' "$model/config.json")
  for t in "${threads[@]}"; do
    local out="$work/finetune/out-$name-$t"
    local timing
    timing=$(measure "$name" "$sm" finetune -q --model "$model" --data "$data" --max-steps "$steps" --batch-size 8 --max-seq-len "$seq" \
      --lr 1e-3 --warmup-ratio 0 --checkpoint-every 0 --device cpu --threads "$t" -o "$out" --force)
    local rss; rss=$(echo "$timing" | cut -f3)
    awk -v name="$name" -v params="$params" -v seq="$seq" -v t="$t" -v rss="$rss" -v warmup="$warmup" -v load="$(cut -d' ' -f1 /proc/loadavg)" -F'[,:}]' '
      { for (i = 1; i < NF; i++) { if ($i ~ /"step"$/) s = $(i+1); if ($i ~ /"tokens"$/) k = $(i+1);
          if ($i ~ /"step_seconds"$/) sec = $(i+1); if ($i ~ /"step_cpu_seconds"$/) cpu = $(i+1) } }
      s > warmup { tokens += k; seconds += sec; cpus += cpu; n++ }
      END { printf "| %s | %s | %d | 8 | %d | %.0f | %.1f | %.1f | %d | %s |\n", name, params, seq, t, tokens / seconds, 1000 * seconds / n,
            1000 * cpus / n, rss, load }' "$out/metrics.jsonl"
  done
}

echo "| shape | parameters | seq | batch | threads | training tokens/s | ms per step | training thread CPU ms per step | peak RSS MB | load after |"
echo "|---|---|---|---|---|---|---|---|---|---|"
# the small shape's steps take ~50 ms, and a Java method called a few hundred times per step reaches the JIT's last
# tier after ~100 steps (two threads: steps 5-50 ran at 15-18k tokens/s, steps 200-400 at 20-23k), hence 100 warm-up
# steps of 400; d384's steps are 25 times longer, with the same Java calls per step
shape reference 128 4 2 336 128 400 100
shape d384 384 6 6 1024 256 30 5
