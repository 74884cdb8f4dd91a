#!/usr/bin/env bash
# Issue 5 benchmark: decode tokens/s of the embedded runtime (DJL / PyTorch, CPU, one sequence, greedy) on the
# real stories260K model and on a ~0.5B bf16 synthetic Llama, against the memory-bandwidth bound
# (f32 weight bytes read per token / this machine's measured read GB/s at the same thread count).
# Then batched decoding (one thread; N sequences per step, as generation over a list of prompts runs) on
# stories260K and on a d_model 384 synthetic model (6 layers, vocab 512), the largest size the demo's models have.
# Prints Markdown table rows. Usage: bench/decode.sh [THREADS...]   (default: 1 2)
source "$(dirname "$0")/lib.sh"
threads=("${@:-1 2}")
[ $# -gt 0 ] || threads=(1 2)
assets="$root/examples/models/stories260K"
[ -d "$assets" ] || assets="$root/../shared/assets/stories260K"
[ -f "$work/stories260K/config.json" ] || "$sm" import llama2c -q "$assets/stories260K.bin" --tokenizer "$assets/tok512.bin" -o "$work/stories260K"
synth_models 0.5B 0
echo "| model | weights | threads | decode tok/s | weight bytes/token | read GB/s | bound tok/s | of bound |"
echo "|---|---|---|---|---|---|---|---|"
for t in "${threads[@]}"; do
  "$sm" bench-decode -q "$work/stories260K" --threads "$t" --tokens 400
  "$sm" bench-decode -q "$work/0.5B/base" --threads "$t" --tokens 30 --warmup 3
done
[ -f "$work/d384/config.json" ] || "$sm" synth -q -o "$work/d384" --hidden 384 --layers 6 --heads 6 --vocab 512 --dtype f32 --seed 0
echo
echo "| model | threads | batch | decode tok/s (all rows) | ms per step |"
echo "|---|---|---|---|---|"
for m in stories260K d384; do
  for b in 1 8 32 64; do
    "$sm" bench-decode -q "$work/$m" --threads 1 --batch "$b" --warmup 50 --tokens 300
  done
done
