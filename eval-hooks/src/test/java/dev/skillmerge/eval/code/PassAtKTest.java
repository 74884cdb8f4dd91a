package dev.skillmerge.eval.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.skillmerge.eval.hook.BenchmarkItem;
import dev.skillmerge.eval.hook.Metrics;
import dev.skillmerge.eval.hook.Score;
import dev.skillmerge.eval.hook.ScoredSample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PassAtKTest {
    record Item(String id) implements BenchmarkItem {
    }

    /** Expected values are 1 - C(n-c,k)/C(n,k) computed exactly with Python's fractions. */
    @ParameterizedTest
    @CsvSource({
            "5, 2, 1, 0.4",
            "4, 1, 2, 0.5",
            "20, 0, 10, 0.0",
            "20, 20, 10, 1.0",
            "20, 5, 10, 0.9837461300309598",
            "200, 3, 10, 0.1433074463225217",
            "200, 100, 100, 1.0",
    })
    void matchesTheExactCombinatorialFormula(int n, int c, int k, double expected) {
        assertEquals(expected, PassAtK.estimate(n, c, k), 1e-12);
    }

    @Test
    void kLargerThanTheSamplesIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(5, 1, 10));
    }

    @Test
    void aggregateAveragesOverProblemsAndReportsOnlyReachableK() {
        List<ScoredSample<Item>> samples = new ArrayList<>();
        // problem a: 10 samples, 2 pass; problem b: 10 samples, none pass
        for (int s = 0; s < 10; s++) {
            samples.add(new ScoredSample<>(new Item("a"), s, s < 2 ? Score.pass("ok") : Score.fail("no")));
            samples.add(new ScoredSample<>(new Item("b"), s, Score.fail("no")));
        }
        Metrics m = PassAtK.aggregate(samples);
        assertEquals("pass@1", m.primary());
        assertEquals(List.of("pass@1", "pass@10", "problems", "samples_per_problem"), List.copyOf(m.values().keySet()));
        assertEquals(0.1, m.values().get("pass@1"), 1e-12);
        assertEquals(0.5, m.values().get("pass@10"), 1e-12);
        assertEquals(2.0, m.values().get("problems"));
        assertEquals(10.0, m.values().get("samples_per_problem"));
    }
}
