#!/usr/bin/env python3
"""A working external hook for `skillmerge eval --external NAME=examples/hooks/answer_length.py`.

Protocol (docs/eval-schema.md, "External hooks"): skillmerge writes one JSON request to stdin,
  {"protocol": "skillmerge.eval.external/1", "hook": NAME, "model": {...}, "options": {...},
   "output_dir": "/abs/RESULTS/NAME"}
and reads one JSON object from stdout: {"primary": METRIC, "metrics": {METRIC: number, ...}}.
Progress and errors go to stderr; a non-zero exit fails the hook (other hooks keep their results).

This one measures how long answers are. In score-only runs the request's model has "responses" (the
--responses file): it reads that file. With a model behind an OpenAI-compatible server ("endpoint" and
"name") it asks the server to answer a few fixed prompts. It writes one record per answer to
output_dir/records.jsonl, like the built-in hooks do.
"""
import json
import sys
import urllib.request

PROMPTS = ["Name three primary colours.", "What is 12 times 12?", "Say hello in French."]


def answers_from_responses(path, limit):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                if "response" in record:
                    out.append((str(record.get("id", len(out))), record["response"]))
    return out[:limit] if limit else out


def answers_from_endpoint(endpoint, name, options):
    out = []
    for i, prompt in enumerate(PROMPTS):
        body = json.dumps({"model": name, "messages": [{"role": "user", "content": prompt}],
                           "max_tokens": 64, "temperature": options.get("temperature", 0)}).encode()
        request = urllib.request.Request(endpoint.rstrip("/") + "/chat/completions", data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as reply:
            out.append((str(i), json.load(reply)["choices"][0]["message"]["content"]))
    return out


def main():
    request = json.load(sys.stdin)
    model, options = request["model"], request["options"]
    if "responses" in model:
        answers = answers_from_responses(model["responses"], options.get("limit", 0))
    elif "endpoint" in model:
        answers = answers_from_endpoint(model["endpoint"], model.get("name"), options)
    else:
        print("answer_length: needs --responses or an OpenAI-compatible --endpoint", file=sys.stderr)
        return 2
    with open(request["output_dir"] + "/records.jsonl", "w", encoding="utf-8") as f:
        for id_, text in answers:
            f.write(json.dumps({"id": id_, "words": len(text.split()), "chars": len(text)}) + "\n")
    n = len(answers)
    words = [len(text.split()) for _, text in answers]
    print(json.dumps({
        "primary": "mean_words",
        "metrics": {
            "mean_words": sum(words) / n if n else 0.0,
            "empty_rate": sum(1 for w in words if w == 0) / n if n else 0.0,
            "answers": n,
        },
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
