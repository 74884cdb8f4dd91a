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
    void addProductRoundsTheProductBeforeAddingLikeScaleThenAdd() {
        // 3 * 0.1f rounds to exactly 0.3f, so adding -0.3f gives 0; a fused multiply-add would keep the
        // exact product's tail, -7.450581e-9
        float[] acc = {-0.3f, 1f, 0f};
        VectorKernels.addProduct(acc, new float[] {3f, 2f, -1f}, 0.1f, 3);
        assertEquals(0f, acc[0]);
        assertEquals(1.2f, acc[1]);
        assertEquals(-0.1f, acc[2]);
        Random random = new Random(3);
        float[] x = values(random, 67);
        float[] viaTwoSteps = values(random, 67);
        float[] fused = viaTwoSteps.clone();
        float[] scaled = x.clone();
        VectorKernels.scale(scaled, 0.7f, 67);
        VectorKernels.add(viaTwoSteps, scaled, 67);
        VectorKernels.addProduct(fused, x, 0.7f, 67);
        for (int i = 0; i < 67; i++) {
            assertEquals(Float.floatToRawIntBits(viaTwoSteps[i]), Float.floatToRawIntBits(fused[i]), "element " + i);
        }
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

    /** The TIES consensus element by element, in the order of the definition: what every lane must reproduce bit for bit. */
    private static float[] consensusOneByOne(float[][] d, float[] weight, float[] base, boolean normalize, float lambda, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            float sum = 0f;
            for (int k = 0; k < d.length; k++) {
                sum += d[k][i] * weight[k];
            }
            float sign = sum >= 0 ? 1f : -1f;
            float mixed = 0f;
            float divisor = 0f;
            for (int k = 0; k < d.length; k++) {
                float u = d[k][i] * weight[k];
                if (u * sign > 0) {
                    mixed += u;
                    divisor += weight[k];
                }
            }
            float merged = normalize ? mixed / (divisor == 0 ? 1f : divisor) : mixed;
            out[i] = Math.fma(merged, lambda, base[i]);
        }
        return out;
    }

    @Test
    void signConsensusComputesEveryLaneAsTheDefinitionAtEveryLength() {
        Random random = new Random(13);
        float[] weight = {0.5f, 0.3f, 1.25f};
        for (boolean normalize : new boolean[] {true, false}) {
            for (int n = 0; n <= 70; n++) {
                float[][] u = new float[3][];
                for (int k = 0; k < 3; k++) {
                    u[k] = values(random, n);
                    for (int i = 0; i < n; i += 3 + k) {
                        u[k][i] = 0f; // trimmed entries: zeros never agree, and some positions have no agreeing model
                    }
                }
                float[] base = values(random, n);
                float[] expected = consensusOneByOne(u, weight, base, normalize, 0.8f, n);
                float[] actual = new float[n];
                VectorKernels.signConsensus(u, weight, base, normalize, 0.8f, actual, n);
                for (int i = 0; i < n; i++) {
                    assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                            "normalize " + normalize + " length " + n + " at " + i);
                }
            }
        }
    }

    @Test
    void signConsensusOfASmallExampleIsTheAgreeingWeightedMean() {
        // per position, the models' weighted entries (w = 1, 1, 2) sum to -0.25, -1.5, 0: elected signs -, -, +
        // (a sum of 0 counts as +); position 2 has no agreeing entry (zeros never agree) and keeps the base
        float[][] d = {{0.5f, -1f, 0f}, {0.25f, 0.5f, 0f}, {-0.5f, -0.5f, 0f}};
        float[] out = new float[3];
        VectorKernels.signConsensus(d, new float[] {1f, 1f, 2f}, new float[] {10f, 20f, 30f}, true, 1f, out, 3);
        assertEquals(10f - 1f / 2f, out[0]);
        assertEquals(Math.fma(-2f / 3f, 1f, 20f), out[1]);
        assertEquals(30f, out[2]);
    }

    @Test
    void sumsLanesInLaneOrderWhateverTheJitStateIs() {
        float[] lanes = new float[jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length()];
        // in lane order, in double: 2^60 + 1 rounds back to 2^60, minus 2^60 is 0, plus 1 is 1; a pairwise
        // order ((2^60 - 2^60) + (1 + 1)) would give 2
        lanes[0] = 0x1p60f;
        lanes[1] = 1f;
        lanes[2] = -0x1p60f;
        lanes[3] = 1f;
        var v = jdk.incubator.vector.FloatVector.fromArray(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED, lanes, 0);
        assertEquals(1.0, VectorKernels.sumInLaneOrder(v));
    }
}
