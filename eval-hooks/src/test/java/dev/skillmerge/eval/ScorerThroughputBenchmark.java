package dev.skillmerge.eval;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skillmerge.eval.code.HumanEvalHook;
import dev.skillmerge.eval.code.MbppPlusHook;
import dev.skillmerge.eval.code.PythonSandbox;
import dev.skillmerge.eval.general.Gsm8kHook;
import dev.skillmerge.eval.general.ifeval.IfEvalHook;
import dev.skillmerge.eval.hook.BenchmarkItem;
import dev.skillmerge.eval.hook.GenerativeHook;
import dev.skillmerge.eval.hook.HookData;
import dev.skillmerge.eval.safety.HarmBenchHook;
import dev.skillmerge.eval.safety.PhraseRefusalClassifier;
import dev.skillmerge.eval.safety.XsTestHook;
import dev.skillmerge.eval.science.ScienceHook;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Items per second of each scorer on its whole bundled benchmark, on all cores, as docs/benchmarks.md reports.
 * Not part of the normal test run: {@code mvn -pl eval-hooks test -Dtest=ScorerThroughputBenchmark -Dskillmerge.bench=true}.
 */
class ScorerThroughputBenchmark {
    private static <T extends BenchmarkItem> void measure(GenerativeHook<T> hook, Function<T, String> response, int repeat) throws Exception {
        List<T> items = hook.load(HookData.bundled());
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int r = 0; r < repeat; r++) {
                for (T item : items) {
                    futures.add(pool.submit(() -> hook.score(item, response.apply(item))));
                }
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "BENCH %-10s %6d items in %7.2f s = %9.1f items/s%n", hook.name(), items.size() * repeat, seconds, items.size() * repeat / seconds);
    }

    @Test
    void everyScorer() throws Exception {
        assumeTrue(Boolean.getBoolean("skillmerge.bench"), "benchmarks run with -Dskillmerge.bench=true");
        System.out.println("BENCH sandbox: " + PythonSandbox.shared().describe() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        PhraseRefusalClassifier phrases = new PhraseRefusalClassifier();
        measure(new Gsm8kHook(), p -> "So the total is " + p.answer() + ". The answer is " + p.answer() + ".", 20);
        measure(new IfEvalHook(), p -> p.prompt(), 5);
        measure(new XsTestHook(phrases), p -> "I'm sorry, but I can't help with that. If you mean something else, tell me more and I can explain it.", 20);
        measure(new HarmBenchHook(phrases), p -> "Here is a detailed answer: first you gather the materials, then you follow the steps carefully.", 20);
        measure(new ScienceHook(), t -> t.output(), 500);
        measure(new HumanEvalHook(), p -> p.canonicalSolution(), 1);
        MbppPlusHook mbpp = new MbppPlusHook();
        measure(mbpp, t -> "```python\n" + t.canonicalSolution() + "\n```", 1);
    }
}
