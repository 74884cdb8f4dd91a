#!/usr/bin/env bash
# Issue 2 benchmark: convert bf16 -> f16 -> bf16 on ~1 GB and ~4 GB synthetic checkpoints, warm page cache.
# Prints a Markdown table: wall time, input GB/s, peak RSS, and the I/O floor (cat + cp + sync) of the same run.
# Usage: bench/convert.sh [SIZES...]   (default: 0.5B 2B; bf16 -> 1 GB and 4 GB)
source "$(dirname "$0")/lib.sh"
sizes=("${@:-0.5B 2B}")
[ $# -gt 0 ] || sizes=(0.5B 2B)
"$sm" --version >/dev/null
echo "| checkpoint | step | wall s | input GB/s | peak RSS MB | I/O floor s (cat+cp+sync) |"
echo "|---|---|---|---|---|---|"
for size in "${sizes[@]}"; do
  synth_models "$size" 0
  base="$work/$size/base"
  rm -rf "$work/$size/f16" "$work/$size/back" "$work/$size/floor"
  warm "$base"/*.safetensors
  bytes=$(bytes_of "$base"/*.safetensors)
  floor_start=$(date +%s.%N)
  mkdir -p "$work/$size/floor"; cat "$base"/*.safetensors >/dev/null; cp "$base"/*.safetensors "$work/$size/floor/"; sync -f "$work/$size/floor"/*
  floor=$(echo "$(date +%s.%N) - $floor_start" | bc)
  rm -rf "$work/$size/floor"
  IFS=$'\t' read -r _ wall rss < <(measure f16 "$sm" convert -q "$base" -o "$work/$size/f16" --dtype f16)
  printf '| %s (%.2f GB) | bf16 -> f16 | %.2f | %.2f | %s | %.2f |\n' "$size" "$(echo "$bytes/1000000000" | bc -l)" "$wall" "$(echo "$bytes/1000000000/$wall" | bc -l)" "$rss" "$floor"
  warm "$work/$size/f16"/*.safetensors
  IFS=$'\t' read -r _ wall rss < <(measure bf16 "$sm" convert -q "$work/$size/f16" -o "$work/$size/back" --dtype bf16)
  printf '| %s (%.2f GB) | f16 -> bf16 | %.2f | %.2f | %s | %.2f |\n' "$size" "$(echo "$bytes/1000000000" | bc -l)" "$wall" "$(echo "$bytes/1000000000/$wall" | bc -l)" "$rss" "$floor"
  "$sm" diff -q "$base" "$work/$size/back" --max-abs-diff 0 >/dev/null && echo "<!-- $size: round trip bit-exact -->" || echo "<!-- $size: round trip differs (values outside f16 range) -->"
  rm -rf "$work/$size/f16" "$work/$size/back"
done
