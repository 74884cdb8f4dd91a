package dev.skillmerge.taskvectors.svd;

/**
 * Orthonormalizes columns in place by classical Gram-Schmidt applied twice ("CGS2": twice is enough for
 * orthogonality to rounding, Giraud et al. 2005). A column that is (numerically) dependent on the ones
 * before becomes zero: it spans nothing new, and a zero column adds nothing to the factorization.
 */
final class Orthonormal {
    private static final double DEPENDENT = 1e-10;

    private Orthonormal() {
    }

    static void columns(double[][] a) {
        for (int c = 0; c < a.length; c++) {
            double before = Math.sqrt(dot(a[c], a[c]));
            for (int pass = 0; pass < 2; pass++) {
                for (int d = 0; d < c; d++) {
                    double projection = dot(a[d], a[c]);
                    double[] x = a[c];
                    double[] basis = a[d];
                    for (int i = 0; i < x.length; i++) {
                        x[i] -= projection * basis[i];
                    }
                }
            }
            double norm = Math.sqrt(dot(a[c], a[c]));
            double scale = norm <= DEPENDENT * before || norm == 0 ? 0 : 1 / norm;
            for (int i = 0; i < a[c].length; i++) {
                a[c][i] *= scale;
            }
        }
    }

    private static double dot(double[] x, double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i] * y[i];
        }
        return sum;
    }
}
