package dev.skillmerge.eval.code;

import dev.skillmerge.eval.hook.BenchmarkItem;
import dev.skillmerge.eval.hook.Metrics;
import dev.skillmerge.eval.hook.ScoredSample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** pass@k with the unbiased estimator of Chen et al. 2021 (HumanEval), averaged over problems. */
public final class PassAtK {
    /** The k values reported when every problem has at least k samples (the paper reports pass@10 with n = 20). */
    public static final int[] REPORTED = {1, 10, 100};

    private PassAtK() {
    }

    /**
     * 1 - C(n-c, k) / C(n, k) for one problem with {@code n} samples of which {@code c} passed, computed as
     * 1 - prod_{i=n-c+1..n} (1 - k/i) so that no binomial coefficient (which overflows for n ~ 200) is formed.
     */
    public static double estimate(int n, int c, int k) {
        if (k < 1 || n < k || c < 0 || c > n) {
            throw new IllegalArgumentException("need 1 <= k <= n and 0 <= c <= n, got n=" + n + " c=" + c + " k=" + k);
        }
        if (n - c < k) {
            return 1.0;
        }
        double fail = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            fail *= 1.0 - (double) k / i;
        }
        return 1.0 - fail;
    }

    /** pass@k for every reported k that every problem has samples for, plus the problem and sample counts. */
    public static <T extends BenchmarkItem> Metrics aggregate(List<ScoredSample<T>> samples) {
        Map<String, int[]> perItem = new LinkedHashMap<>();
        for (ScoredSample<T> s : samples) {
            int[] nc = perItem.computeIfAbsent(s.item().id(), id -> new int[2]);
            nc[0]++;
            if (s.score().passed()) {
                nc[1]++;
            }
        }
        int minSamples = perItem.values().stream().mapToInt(nc -> nc[0]).min().orElse(0);
        Map<String, Double> values = new LinkedHashMap<>();
        for (int k : REPORTED) {
            if (k > minSamples) {
                break;
            }
            double sum = 0;
            for (int[] nc : perItem.values()) {
                sum += estimate(nc[0], nc[1], k);
            }
            values.put("pass@" + k, sum / perItem.size());
        }
        values.put("problems", (double) perItem.size());
        values.put("samples_per_problem", (double) minSamples);
        return new Metrics("pass@1", values);
    }
}
