package dev.skillmerge.taskvectors.svd;

import dev.skillmerge.checkpoint.rng.PositionalRandom;
import java.io.IOException;

/**
 * Truncated SVD by randomized range finding (Halko, Martinsson & Tropp 2011, algorithms 4.4 and 5.1),
 * streaming over the rows of W (m x n) in 2q + 2 passes:
 * <pre>
 *   Omega (n x l) Gaussian, l = min(r + p, m, n);   Q = orth(W Omega)
 *   q times: Q = orth(W orth(W^T Q))                 (power iterations sharpen a slowly decaying spectrum)
 *   B = Q^T W (l x n);  B B^T = U Lambda U^T        (Jacobi on the l x l core)
 *   L = Q U_r (m x r),  R = U_r^T B (r x n),        sigma_i^2 = lambda_i
 * </pre>
 * R is never divided by a singular value, so tiny or zero ones cost no accuracy, and with l = min(m, n)
 * the result is exact to rounding. Products with W accumulate in double; only the thin factors (l
 * columns of length m and n) live in memory.
 */
public final class RandomizedSvd {
    private RandomizedSvd() {
    }

    /**
     * @param random the stream of the Gaussian test matrix (a function of seed and tensor, so results do
     *               not depend on threads)
     */
    public static LowRank compute(Matrix w, int rank, int oversample, int powerIterations, PositionalRandom random) throws IOException {
        int m = w.rows();
        int n = w.columns();
        if (rank < 1 || rank > Math.min(m, n)) {
            throw new IllegalArgumentException("rank " + rank + " is outside [1, " + Math.min(m, n) + "]");
        }
        int l = Math.min(rank + Math.max(0, oversample), Math.min(m, n));
        double[][] omega = new double[l][n];
        for (int c = 0; c < l; c++) {
            for (int j = 0; j < n; j++) {
                omega[c][j] = gaussian(random, (long) c * n + j);
            }
        }
        double[] frobenius = new double[1];
        double[][] q = multiply(w, omega, frobenius);
        Orthonormal.columns(q);
        for (int i = 0; i < powerIterations; i++) {
            double[][] z = transposeMultiply(w, q);
            Orthonormal.columns(z);
            q = multiply(w, z, null);
            Orthonormal.columns(q);
        }
        double[][] b = transposeMultiply(w, q);
        double[][] core = new double[l][l];
        for (int x = 0; x < l; x++) {
            for (int y = x; y < l; y++) {
                double dot = 0;
                for (int j = 0; j < n; j++) {
                    dot += b[x][j] * b[y][j];
                }
                core[x][y] = dot;
                core[y][x] = dot;
            }
        }
        SymmetricEigen.Decomposition eigen = SymmetricEigen.of(core);
        double[][] u = eigen.vectors();
        float[] left = new float[m * rank];
        float[] right = new float[rank * n];
        double[] captured = new double[rank];
        for (int c = 0; c < rank; c++) {
            captured[c] = Math.max(0, eigen.values()[c]);
            for (int i = 0; i < m; i++) {
                double sum = 0;
                for (int d = 0; d < l; d++) {
                    sum += q[d][i] * u[d][c];
                }
                left[i * rank + c] = (float) sum;
            }
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int d = 0; d < l; d++) {
                    sum += u[d][c] * b[d][j];
                }
                right[c * n + j] = (float) sum;
            }
        }
        return new LowRank(m, n, rank, left, right, captured, frobenius[0]);
    }

    // Y = W X^T for X given as l rows of length n: Y is l columns of length m, y[c][i] = <W_i, x_c>
    private static double[][] multiply(Matrix w, double[][] x, double[] frobenius) throws IOException {
        int l = x.length;
        int n = w.columns();
        double[][] y = new double[l][w.rows()];
        float[][] xf = new float[l][];
        for (int c = 0; c < l; c++) {
            xf[c] = toFloats(x[c]);
        }
        double[] four = new double[4];
        w.forEachBlock((first, values, count) -> {
            double squares = 0;
            int r = 0;
            for (; r + 4 <= count; r += 4) {
                for (int c = 0; c < l; c++) {
                    Kernels.dot4(values, r * n, n, xf[c], four);
                    for (int d = 0; d < 4; d++) {
                        y[c][first + r + d] = four[d];
                    }
                }
            }
            for (; r < count; r++) {
                for (int c = 0; c < l; c++) {
                    y[c][first + r] = Kernels.dot(values, r * n, xf[c], n);
                }
            }
            if (frobenius != null) {
                for (int i = 0; i < count; i++) {
                    squares += Kernels.dot(values, i * n, values, i * n, n);
                }
            }
            if (frobenius != null) {
                frobenius[0] += squares;
            }
        });
        return y;
    }

    // Z = W^T Q: l rows of length n, z[c] = sum_i q[c][i] W_i
    private static double[][] transposeMultiply(Matrix w, double[][] q) throws IOException {
        int l = q.length;
        int n = w.columns();
        double[][] z = new double[l][n];
        w.forEachBlock((first, values, count) -> {
            int r = 0;
            for (; r + 4 <= count; r += 4) {
                int i = first + r;
                for (int c = 0; c < l; c++) {
                    double[] qc = q[c];
                    Kernels.axpy4(qc[i], qc[i + 1], qc[i + 2], qc[i + 3], values, r * n, n, z[c]);
                }
            }
            for (; r < count; r++) {
                for (int c = 0; c < l; c++) {
                    Kernels.axpy(q[c][first + r], values, r * n, z[c], n);
                }
            }
        });
        return z;
    }

    private static float[] toFloats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    // Box-Muller from two positional uniforms; 1 - u keeps the logarithm finite
    private static double gaussian(PositionalRandom random, long position) {
        double u1 = 1.0 - random.uniform(2 * position);
        double u2 = random.uniform(2 * position + 1);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
