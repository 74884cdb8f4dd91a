package dev.skillmerge.workflow.demo.pipeline;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.eval.hook.BenchmarkItem;
import dev.skillmerge.eval.hook.GenerativeHook;
import dev.skillmerge.eval.hook.HookData;
import dev.skillmerge.eval.hook.Metrics;
import dev.skillmerge.eval.hook.Prompt;
import dev.skillmerge.eval.hook.Score;
import dev.skillmerge.eval.hook.ScoredSample;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A hook whose verdicts are remembered by (item, output): the demo evaluates dozens of closely related
 * models, which often write the same completion, and a code verdict costs a sandboxed Python process. The
 * scorers are deterministic, so the remembered verdict is the one the hook would give again.
 */
public final class MemoizedHook<T extends BenchmarkItem> implements GenerativeHook<T> {
    private final GenerativeHook<T> inner;
    private final Map<String, Score> verdicts = new ConcurrentHashMap<>();

    public MemoizedHook(GenerativeHook<T> inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public String description() {
        return inner.description();
    }

    @Override
    public List<T> load(HookData data) throws UserInputException, IOException {
        return inner.load(data);
    }

    @Override
    public Prompt prompt(T item) {
        return inner.prompt(item);
    }

    @Override
    public Score score(T item, String output) throws IOException, InterruptedException {
        String key = item.id() + "\u0000" + inner.prompt(item).render() + "\u0000" + output;
        Score known = verdicts.get(key);
        if (known != null) {
            return known;
        }
        Score s = inner.score(item, output);
        verdicts.put(key, s);
        return s;
    }

    @Override
    public Metrics aggregate(List<ScoredSample<T>> samples) {
        return inner.aggregate(samples);
    }

    /** How many different verdicts were computed. */
    public int computed() {
        return verdicts.size();
    }
}
