package dev.skillmerge.taskvectors.svd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.checkpoint.rng.PositionalRandom;
import org.junit.jupiter.api.Test;

class RandomizedSvdTest {
    private static final PositionalRandom RANDOM = PositionalRandom.of(0, "test");

    /** The first {@code columns} columns of the Householder reflection I - 2 v v^T / |v|^2: orthonormal. */
    private static double[][] householder(int size, int columns, double... v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        double[][] h = new double[size][columns];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < columns; j++) {
                h[i][j] = (i == j ? 1 : 0) - 2 * v[i] * v[j] / norm;
            }
        }
        return h;
    }

    /** U diag(sigma) V^T, row-major. */
    private static float[] withSingularValues(double[][] u, double[] sigma, double[][] v) {
        int m = u.length;
        int n = v.length;
        float[] w = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < sigma.length; k++) {
                    sum += u[i][k] * sigma[k] * v[j][k];
                }
                w[i * n + j] = (float) sum;
            }
        }
        return w;
    }

    private static double relativeError(float[] w, LowRank approx) {
        double error = 0;
        double norm = 0;
        for (int i = 0; i < approx.rows(); i++) {
            for (int j = 0; j < approx.columns(); j++) {
                double sum = 0;
                for (int c = 0; c < approx.rank(); c++) {
                    sum += (double) approx.left()[i * approx.rank() + c] * approx.right()[c * approx.columns() + j];
                }
                double x = w[i * approx.columns() + j];
                error += (x - sum) * (x - sum);
                norm += x * x;
            }
        }
        return Math.sqrt(error / norm);
    }

    @Test
    void retainedEnergyAndErrorAreExactOnAMatrixWithKnownSingularValues() throws Exception {
        double[] sigma = {5, 4, 3, 2, 1};
        float[] w = withSingularValues(householder(6, 5, 1, -2, 0.5, 3, 1, -1), sigma, householder(5, 5, 2, 1, -1, 0.5, 1));
        LowRank two = RandomizedSvd.compute(Matrix.of(6, 5, w), 2, 10, 2, RANDOM);

        assertArrayEquals(new double[] {5, 4}, two.singularValues(), 1e-5);
        assertEquals(41.0 / 55, two.retainedEnergy(), 1e-6);              // (25 + 16) / (25 + 16 + 9 + 4 + 1)
        assertEquals(Math.sqrt(14.0 / 55), two.relativeError(), 1e-6);
        assertEquals(Math.sqrt(14.0 / 55), relativeError(w, two), 1e-6);  // the figure is what the factors achieve
    }

    @Test
    void fullRankReconstructsWithinOneInAHundredThousand() throws Exception {
        int m = 40;
        int n = 30;
        float[] w = new float[m * n];
        for (int i = 0; i < w.length; i++) {
            w[i] = RANDOM.symmetric(i) * 0.01f;
        }
        LowRank full = RandomizedSvd.compute(Matrix.of(m, n, w), n, 10, 2, PositionalRandom.of(1, "omega"));
        assertTrue(relativeError(w, full) < 1e-5, "relative error " + relativeError(w, full));
        assertEquals(1, full.retainedEnergy(), 1e-6);
    }

    @Test
    void aRankDeficientMatrixIsCapturedExactlyWithZeroSingularValuesToSpare() throws Exception {
        float[] w = withSingularValues(householder(6, 1, 1, 1, 1, 1, 1, 1), new double[] {3}, householder(5, 1, 1, 2, 3, 4, 5));
        LowRank three = RandomizedSvd.compute(Matrix.of(6, 5, w), 3, 0, 1, RANDOM);
        assertArrayEquals(new double[] {3, 0, 0}, three.singularValues(), 1e-5);
        assertEquals(1, three.retainedEnergy(), 1e-9);
        assertTrue(relativeError(w, three) < 1e-6);
    }

    @Test
    void jacobiFindsTheEigenpairsOfASymmetricMatrixInDescendingOrder() {
        SymmetricEigen.Decomposition d = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
        assertArrayEquals(new double[] {3, 1}, d.values(), 1e-15);
        double s = Math.sqrt(0.5);
        assertEquals(s, Math.abs(d.vectors()[0][0]), 1e-15);
        assertEquals(d.vectors()[0][0], d.vectors()[1][0], 1e-15);   // (1, 1) / sqrt 2
        assertEquals(-d.vectors()[0][1], d.vectors()[1][1], 1e-15);  // (1, -1) / sqrt 2
    }
}
