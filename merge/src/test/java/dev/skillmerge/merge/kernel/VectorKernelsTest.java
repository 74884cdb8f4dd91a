package dev.skillmerge.merge.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorKernelsTest {
    /** The specified summation order: partial sum j takes elements j, j + 8, ...; the tail goes to sum 0. */
    private static double eightPartialSums(float[] x, float[] y, int from, int length) {
        double[] s = new double[8];
        int i = from;
        int end = from + length;
        for (; i + 7 < end; i += 8) {
            for (int j = 0; j < 8; j++) {
                s[j] = y == null ? s[j] + Math.abs(x[i + j]) : Math.fma(x[i + j], (double) y[i + j], s[j]);
            }
        }
        for (; i < end; i++) {
            s[0] = y == null ? s[0] + Math.abs(x[i]) : Math.fma(x[i], (double) y[i], s[0]);
        }
        return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    }

    private static float[] values(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            // magnitudes over many binades, so the order of the additions shows in the last bits
            x[i] = (float) (random.nextGaussian() * Math.pow(2, random.nextInt(40) - 20));
        }
        return x;
    }

    @Test
    void sumOfAbsAddsInTheSpecifiedOrderAtEveryLength() {
        Random random = new Random(7);
        for (int n = 0; n <= 70; n++) {
            float[] x = values(random, n);
            assertEquals(Double.doubleToRawLongBits(eightPartialSums(x, null, 0, n)), Double.doubleToRawLongBits(VectorKernels.sumOfAbs(x, n)),
                    "length " + n);
        }
    }

    @Test
    void dotAddsInTheSpecifiedOrderFromAnyOffset() {
        Random random = new Random(11);
        float[] x = values(random, 100);
        float[] y = values(random, 100);
        for (int from = 0; from < 9; from++) {
            for (int length = 0; from + length <= 100; length += 7) {
                assertEquals(Double.doubleToRawLongBits(eightPartialSums(x, y, from, length)),
                        Double.doubleToRawLongBits(VectorKernels.dot(x, y, from, length)), "from " + from + " length " + length);
            }
        }
    }

    @Test
    void sumOfAbsOfASmallExampleIsExact() {
        assertEquals(10.5, VectorKernels.sumOfAbs(new float[] {1, -2, 3.5f, -4}, 4));
        assertEquals(36.0, VectorKernels.sumOfAbs(new float[] {-1, 2, -3, 4, -5, 6, -7, 8}, 8));
    }
}
