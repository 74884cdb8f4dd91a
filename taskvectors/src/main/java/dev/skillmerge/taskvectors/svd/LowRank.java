package dev.skillmerge.taskvectors.svd;

/**
 * A rank-r approximation W ~ L R of an m x n matrix, L (m x r) and R (r x n) row-major, with the figures
 * that say how good it is: the squared singular values captured (r of them, descending), and the whole
 * matrix's squared Frobenius norm. For the truncated SVD, ||W - L R||_F^2 = ||W||_F^2 - sum of captured
 * sigma^2, so the retained energy and the relative error are two views of one number.
 */
public record LowRank(int rows, int columns, int rank, float[] left, float[] right, double[] capturedSquares, double frobeniusSquared) {
    public LowRank {
        capturedSquares = capturedSquares.clone();
    }

    @Override
    public double[] capturedSquares() {
        return capturedSquares.clone();
    }

    public double capturedEnergy() {
        double sum = 0;
        for (double s : capturedSquares) {
            sum += s;
        }
        return sum;
    }

    /** sum_{i<r} sigma_i^2 / ||W||_F^2; 1 for a zero matrix, which loses nothing. */
    public double retainedEnergy() {
        return frobeniusSquared == 0 ? 1 : Math.min(1, capturedEnergy() / frobeniusSquared);
    }

    /** ||W - L R||_F / ||W||_F. */
    public double relativeError() {
        return frobeniusSquared == 0 ? 0 : Math.sqrt(Math.max(0, frobeniusSquared - capturedEnergy()) / frobeniusSquared);
    }

    public double[] singularValues() {
        double[] s = new double[capturedSquares.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.sqrt(Math.max(0, capturedSquares[i]));
        }
        return s;
    }
}
