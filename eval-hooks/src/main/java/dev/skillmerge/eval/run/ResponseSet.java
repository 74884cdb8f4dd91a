package dev.skillmerge.eval.run;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.eval.data.JsonLine;
import dev.skillmerge.eval.data.Jsonl;
import dev.skillmerge.eval.hook.LogLikelihood;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Outputs produced elsewhere (another machine, a vLLM batch job), for score-only runs. Each JSONL line names
 * the hook, the benchmark item id and the sample index, and carries either {@code "response"} (generated
 * text) or {@code "logprob_sum"} and {@code "tokens"} (for likelihood hooks). {@code "hook"} may be left out
 * when a single hook is scored; {@code "sample"} defaults to 0. Other fields are ignored, so a file written
 * by {@code --export-prompts} with a "response" added to each line is valid input.
 */
public final class ResponseSet {
    /** What was recorded for one sample. */
    public sealed interface Recorded permits Text, Likelihood {
        String origin();
    }

    public record Text(String origin, String response) implements Recorded {
    }

    public record Likelihood(String origin, LogLikelihood value) implements Recorded {
    }

    private final Path file;
    /** hook -> id -> sample -> recorded output, samples in order. */
    private final Map<String, Map<String, TreeMap<Integer, Recorded>>> byHook;

    private ResponseSet(Path file, Map<String, Map<String, TreeMap<Integer, Recorded>>> byHook) {
        this.file = file;
        this.byHook = byHook;
    }

    public static ResponseSet load(Path file, Collection<String> selectedHooks) throws UserInputException, IOException {
        List<JsonLine> lines = Jsonl.read(file);
        String onlyHook = selectedHooks.size() == 1 ? selectedHooks.iterator().next() : null;
        Set<String> selected = Set.copyOf(selectedHooks);
        Map<String, Map<String, TreeMap<Integer, Recorded>>> byHook = new HashMap<>();
        for (JsonLine line : lines) {
            String hook;
            if (line.has("hook")) {
                hook = line.text("hook");
            } else if (onlyHook != null) {
                hook = onlyHook;
            } else {
                throw line.problem("has no \"hook\" field, which is required when several hooks are scored");
            }
            if (!selected.contains(hook)) {
                continue;
            }
            String id = line.id("id");
            long sample = line.has("sample") ? line.integer("sample") : 0;
            if (sample < 0 || sample > 100_000) {
                throw line.problem("\"sample\" must be between 0 and 100000");
            }
            Recorded recorded;
            if (line.has("response")) {
                recorded = new Text(line.origin(), line.text("response"));
            } else if (line.has("logprob_sum")) {
                double sum = line.number("logprob_sum");
                long tokens = line.integer("tokens");
                if (sum > 0 || tokens <= 0) {
                    throw line.problem("needs \"logprob_sum\" <= 0 and \"tokens\" > 0");
                }
                recorded = new Likelihood(line.origin(), new LogLikelihood(sum, tokens));
            } else {
                throw line.problem("needs a \"response\" string (or \"logprob_sum\" and \"tokens\" for a likelihood hook)");
            }
            Recorded previous = byHook.computeIfAbsent(hook, h -> new HashMap<>())
                    .computeIfAbsent(id, i -> new TreeMap<>()).put((int) sample, recorded);
            if (previous != null) {
                throw line.problem("repeats hook " + hook + " item " + id + " sample " + sample + " (first at " + previous.origin() + ")");
            }
        }
        return new ResponseSet(file, byHook);
    }

    public Path file() {
        return file;
    }

    /** The recorded samples of one item, by sample index; empty when the file has none. */
    public Map<Integer, Recorded> samples(String hook, String id) {
        return byHook.getOrDefault(hook, Map.of()).getOrDefault(id, new TreeMap<>());
    }

    /** Ids the file has for {@code hook} that are not among {@code known}: usually a wrong hook or data file. */
    public Set<String> unknownIds(String hook, Set<String> known) {
        Set<String> ids = new java.util.TreeSet<>(byHook.getOrDefault(hook, Map.of()).keySet());
        ids.removeAll(known);
        return ids;
    }
}
