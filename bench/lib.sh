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
