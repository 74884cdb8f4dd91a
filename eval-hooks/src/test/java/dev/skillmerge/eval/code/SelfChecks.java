package dev.skillmerge.eval.code;

import dev.skillmerge.eval.hook.BenchmarkItem;
import dev.skillmerge.eval.hook.Score;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Scores many items on all cores, as the eval run does, and reports the failures by id. */
final class SelfChecks {
    interface Scorer<T> {
        Score score(T item) throws Exception;
    }

    record Outcome(int passed, Map<String, String> failures, double seconds) {
    }

    static <T extends BenchmarkItem> Outcome scoreAll(List<T> items, Scorer<T> scorer) throws Exception {
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<Score>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> scorer.score(item)));
            }
            int passed = 0;
            Map<String, String> failures = new TreeMap<>();
            for (int i = 0; i < items.size(); i++) {
                Score s = futures.get(i).get();
                if (s.passed()) {
                    passed++;
                } else {
                    failures.put(items.get(i).id(), s.reason());
                }
            }
            return new Outcome(passed, failures, (System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }
}
