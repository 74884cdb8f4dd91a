#!/usr/bin/env bash
# The quickest end-to-end run of skillmerge on a fresh clone (a minute on 2 cores):
# import a real tiny model (stories260K), make two "experts" from it, look at their task vectors, merge them
# three ways (task arithmetic, TIES, DARE), check the merges against each other and generate text from one.
# Everything lands in build/quickstart (or the folder given as the first argument).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/quickstart}
sm=./skillmerge
mkdir -p "$out"

echo "== 1. import the real stories260K model (llama2.c format) into a Hugging Face folder"
$sm import llama2c examples/models/stories260K/stories260K.bin --tokenizer examples/models/stories260K/tok512.bin \
  -o "$out/base" --force
$sm inspect "$out/base"

echo "== 2. two synthetic experts: the base plus small noise (stand-ins for fine-tuned skills)"
$sm synth -q -o "$out/expert-a" --like "$out/base" --noise 0.002 --seed 1 --force
$sm synth -q -o "$out/expert-b" --like "$out/base" --noise 0.002 --seed 2 --force

echo "== 3. task vectors and how much they interfere"
$sm taskvector extract -q --base "$out/base" --tuned "$out/expert-a" -o "$out/tv-a" --force
$sm taskvector extract -q --base "$out/base" --tuned "$out/expert-b" -o "$out/tv-b" --force
$sm taskvector stats "$out/tv-a" "$out/tv-b" --heatmap "$out/cosine.svg" | tail -n 12

echo "== 4. merge: task arithmetic, TIES and DARE-TIES, mergekit-style configs"
for method in task_arithmetic ties dare_ties; do
  cat > "$out/$method.yml" <<YAML
merge_method: $method
base_model: $out/base
parameters: {density: 0.5}
models:
  - {model: $out/expert-a, parameters: {weight: 0.5}}
  - {model: $out/expert-b, parameters: {weight: 0.5}}
YAML
  [ "$method" = task_arithmetic ] && sed -i 's/parameters: {density: 0.5}/parameters: {}/' "$out/$method.yml"
  $sm merge -q "$out/$method.yml" -o "$out/merged-$method" --force
done

echo "== 5. how far each merge moved from the base"
for method in task_arithmetic ties dare_ties; do
  printf '%-16s ' "$method"; $sm diff -q "$out/base" "$out/merged-$method" | tail -n 1
done

echo "== 6. the merged model still tells stories (greedy, 60 tokens)"
$sm generate "$out/merged-ties" --prompt "Once upon a time" --max-tokens 60 --threads 1
echo
echo "done: outputs in $out (the cosine heatmap is $out/cosine.svg)"
