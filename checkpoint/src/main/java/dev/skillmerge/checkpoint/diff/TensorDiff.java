package dev.skillmerge.checkpoint.diff;

/**
 * How one tensor differs between two models: the largest absolute difference, the relative L2
 * difference ||a - b|| / ||a|| (0 when both are zero, infinite when only a is), and the cosine
 * similarity (1 when both are zero, 0 when only one is).
 */
public record TensorDiff(String name, double maxAbs, double relativeL2, double cosine) {
    /** Accumulates the sums over chunks in double precision, in a fixed order. */
    public static final class Accumulator {
        private double maxAbs;
        private double dot;
        private double normA;
        private double normB;
        private double normDiff;

        public void add(float[] a, float[] b, int length) {
            for (int i = 0; i < length; i++) {
                double x = a[i];
                double y = b[i];
                double d = x - y;
                double abs = Math.abs(d);
                if (abs > maxAbs || Double.isNaN(abs)) {
                    maxAbs = abs;
                }
                dot += x * y;
                normA += x * x;
                normB += y * y;
                normDiff += d * d;
            }
        }

        public TensorDiff result(String name) {
            double relative = normA == 0 ? (normDiff == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(normDiff / normA);
            double cosine = normA == 0 && normB == 0 ? 1 : normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
            return new TensorDiff(name, maxAbs, relative, cosine);
        }
    }
}
