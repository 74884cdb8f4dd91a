package dev.skillmerge.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {
    @Test
    void nucleusOrderIsMostLikelyFirstWithTiesInIdOrder() {
        double[] p = {0.1, 0.3, 0.1, 0.0, 0.3, 0.2, 0.0};
        assertArrayEquals(new int[] {1, 4, 5, 0, 2, 3, 6}, Sampler.Nucleus.mostLikelyFirst(p));
    }

    @Test
    void nucleusOrderEqualsAStableSortOfBoxedIds() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n : new int[] {1, 2, 7, 512, 1000}) {
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = random.nextInt(20) / 20.0; // many ties
            }
            Integer[] boxed = new Integer[n];
            Arrays.setAll(boxed, i -> i);
            Arrays.sort(boxed, Comparator.comparingDouble((Integer i) -> -p[i]));
            assertArrayEquals(Arrays.stream(boxed).mapToInt(Integer::intValue).toArray(), Sampler.Nucleus.mostLikelyFirst(p), "n = " + n);
        }
    }
}
