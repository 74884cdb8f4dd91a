#!/usr/bin/env bash
# Issue 6's GPU check, for a machine with an NVIDIA GPU and a build with the CUDA natives (mvn -Pgpu -DskipTests
# package): the same short fine-tune of the d384 shape (8 rows of 256 tokens per step, float32, fixed seed) on the
# CPU and on the GPU, the tokens/s of each over the steps after the fifth, and the largest relative difference
# between their per-step losses. cuBLAS and MKL add in different orders, so the losses agree to rounding, not bit
# for bit; the script exits 1 when they differ by more than 1e-3 relative.
# Prints Markdown table rows. Usage: bench/gpu_finetune.sh [STEPS]   (default 30)
source "$(dirname "$0")/lib.sh"
steps=${1:-30}
data=$(finetune_data)
model=$(finetune_model d384 384 6 6 1024 256)
echo "| device | steps | training tokens/s | peak RSS MB |"
echo "|---|---|---|---|"
for device in cpu gpu; do
  out="$work/finetune/gpu-check-$device"
  timing=$(measure "$device" "$sm" finetune -q --model "$model" --data "$data" --max-steps "$steps" --batch-size 8 --max-seq-len 256 \
    --lr 1e-3 --warmup-ratio 0 --checkpoint-every 0 --seed 0 --device "$device" -o "$out" --force)
  awk -v device="$device" -v steps="$steps" -v rss="$(echo "$timing" | cut -f3)" -F'[,:}]' '
    { for (i = 1; i < NF; i++) { if ($i ~ /"step"$/) s = $(i+1); if ($i ~ /"tokens"$/) k = $(i+1); if ($i ~ /"step_seconds"$/) sec = $(i+1) } }
    s > 5 { tokens += k; seconds += sec }
    END { printf "| %s | %d | %.0f | %s |\n", device, steps, tokens / seconds, rss }' "$out/metrics.jsonl"
done
# per-step losses side by side: the largest relative difference
awk -F'[,:}]' '
  { for (i = 1; i < NF; i++) { if ($i ~ /"step"$/) s = $(i+1); if ($i ~ /"loss"$/) l = $(i+1) } }
  FNR == NR { cpu[s] = l; next }
  (s in cpu) { d = (l - cpu[s]) / cpu[s]; d = d < 0 ? -d : d; if (d > worst) { worst = d; at = s } n++ }
  END { printf "\nlosses of %d steps compared: largest relative difference %.2e (step %d)\n", n, worst, at; exit (n == 0 || worst > 1e-3) }' \
  "$work/finetune/gpu-check-cpu/metrics.jsonl" "$work/finetune/gpu-check-gpu/metrics.jsonl"
