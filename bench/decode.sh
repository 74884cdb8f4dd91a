#!/usr/bin/env bash
# Issue 5 benchmark: decode tokens/s of the embedded runtime (DJL / PyTorch, CPU, one sequence, greedy) on the
# real stories260K model and on a ~0.5B bf16 synthetic Llama, against the memory-bandwidth bound
# (f32 weight bytes read per token / this machine's measured read GB/s at the same thread count).
# Prints Markdown table rows. Usage: bench/decode.sh [THREADS...]   (default: 1 2)
source "$(dirname "$0")/lib.sh"
threads=("${@:-1 2}")
[ $# -gt 0 ] || threads=(1 2)
assets="$root/../shared/assets/stories260K"
[ -d "$assets" ] || assets="$root/shared/assets/stories260K"
[ -f "$work/stories260K/config.json" ] || "$sm" import llama2c -q "$assets/stories260K.bin" --tokenizer "$assets/tok512.bin" -o "$work/stories260K"
synth_models 0.5B 0
echo "| model | weights | threads | decode tok/s | weight bytes/token | read GB/s | bound tok/s | of bound |"
echo "|---|---|---|---|---|---|---|---|"
for t in "${threads[@]}"; do
  "$sm" bench-decode -q "$work/stories260K" --threads "$t" --tokens 400
  "$sm" bench-decode -q "$work/0.5B/base" --threads "$t" --tokens 30 --warmup 3
done
