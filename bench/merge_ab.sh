#!/usr/bin/env bash
# A/B of one merge between another commit and this checkout, alternating in the same minutes: the machine's
# speed drifts by more than most single changes, so two builds are only compared side by side. Each round
# runs REF's build, then this one, on bench/merge.sh's config for METHOD, and prints wall s, user CPU s, peak
# RSS and the sha256 of each output (they must agree for a change that keeps the output byte-identical).
# REF is built once in a git worktree under the bench folder. Run bench/merge.sh SIZE first (it writes the configs).
# Usage: bench/merge_ab.sh REF METHOD [ROUNDS] [SIZE]   e.g. bench/merge_ab.sh HEAD~1 ties 3 0.5B
source "$(dirname "$0")/lib.sh"
ref=$(git -C "$root" rev-parse --short "${1:?usage: bench/merge_ab.sh REF METHOD [ROUNDS] [SIZE]}")
method=${2:?usage: bench/merge_ab.sh REF METHOD [ROUNDS] [SIZE]}
rounds=${3:-3}
size=${4:-0.5B}
config="$work/configs-$size/$method.yml"
[ -f "$config" ] || { echo "no $config: run bench/merge.sh $size first" >&2; exit 1; }
other="$work/ab-$ref"
[ -d "$other" ] || git -C "$root" worktree add -q --detach "$other" "$ref"
"$other/skillmerge" --version >/dev/null
"$sm" --version >/dev/null
for model in $(grep -oE "$work/$size/(base|e[0-9]+)" "$config" | sort -u); do
  warm "$model"/*.safetensors
done

echo "| round | build | wall s | user s | peak RSS MB | output sha256 |"
echo "|---|---|---|---|---|---|"
for r in $(seq 1 "$rounds"); do
  for build in "$ref" this; do
    launcher="$sm"; [ "$build" = this ] || launcher="$other/skillmerge"
    out="$work/ab-out"; rm -rf "$out"
    log=$(mktemp)
    /usr/bin/time -f '%e %U %M' -o "$log" "$launcher" merge -q "$config" -o "$out" >/dev/null
    read -r wall user rss < "$log"; rm -f "$log"
    sha=$(cat "$out"/*.safetensors | sha256sum | cut -c1-12)
    printf '| %d | %s | %.2f | %.2f | %d | %s |\n' "$r" "$build" "$wall" "$user" $((rss / 1024)) "$sha"
    rm -rf "$out"
  done
done
