#!/usr/bin/env bash
# Issue 7 benchmark: items/s of each built-in hook end to end (generate, then score) on the real stories260K with
# the embedded backend: greedy, one PyTorch thread, BATCH sequences decoded together, LIMIT items per hook. Seconds
# are each hook's own ("seconds" in summary.json: generation and scoring, not JVM start or model load).
# perplexity scores the GSM8K 8-shot prompts as held-out text (longer than the model's 512-token context, so they
# are read in windows). Prints Markdown table rows.
# Usage: bench/eval.sh [LIMIT [BATCH [HOOK...]]]   (default: 64 32, all hooks)
source "$(dirname "$0")/lib.sh"
limit=${1:-64}
batch=${2:-32}
shift $(( $# < 2 ? $# : 2 ))
hooks=("$@")
[ ${#hooks[@]} -gt 0 ] || hooks=(gsm8k ifeval xstest harmbench humaneval mbppplus science perplexity)
assets="$root/examples/models/stories260K"
[ -f "$work/stories260K/config.json" ] || "$sm" import llama2c -q "$assets/stories260K.bin" --tokenizer "$assets/tok512.bin" -o "$work/stories260K"
out="$work/eval-limit$limit-batch$batch"
rm -rf "$out"
"$sm" eval -q --export-prompts "$work/held-out.jsonl" --hooks gsm8k --limit "$limit" >/dev/null
echo "| hook | items | batch | seconds | items/s | mean output chars |"
echo "|---|---|---|---|---|---|"
for hook in "${hooks[@]}"; do
  data=()
  [ "$hook" = perplexity ] && data=(--data "perplexity=$work/held-out.jsonl")
  "$sm" eval -q "$work/stories260K" --hooks "$hook" "${data[@]}" --limit "$limit" --device cpu --model-threads 1 \
      --batch-size "$batch" -o "$out" >/dev/null || true
  python3 - "$out" "$hook" "$batch" <<'PY'
import json, sys
out, hook, batch = sys.argv[1], sys.argv[2], sys.argv[3]
h = json.load(open(f"{out}/summary.json"))["hooks"][hook]
if h["status"] != "ok":
    print(f"| {hook} | failed: {h.get('error', '')} | | | | |")
    sys.exit()
records = [json.loads(line) for line in open(f"{out}/{hook}.jsonl")]
chars = sum(len(r["output"] or "") for r in records) / max(1, len(records))
print(f"| {hook} | {h['items']} | {batch} | {h['seconds']:.1f} | {h['items'] / h['seconds']:.2f} | {chars:.0f} |")
PY
done
