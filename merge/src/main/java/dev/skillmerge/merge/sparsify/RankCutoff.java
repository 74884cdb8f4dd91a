package dev.skillmerge.merge.sparsify;

import dev.skillmerge.merge.kernel.VectorKernels;

/**
 * The position of one rank in the ascending order of non-negative keys, ties broken by position: the
 * element of rank r has key bits {@code threshold} and is occurrence number {@code equalBefore} (from 0)
 * of that key in position order. A {@link Gate} then tells, streaming in position order, whether each
 * element's rank is at least r, without ever sorting.
 */
public record RankCutoff(int threshold, long equalBefore, boolean everything, boolean nothing) {
    /** Every element is at or above rank 0. */
    public static final RankCutoff ALL = new RankCutoff(0, 0, true, false);
    /** No element is at or above rank n. */
    public static final RankCutoff NONE = new RankCutoff(0, 0, false, true);

    public static RankCutoff at(int threshold, long equalBefore) {
        return new RankCutoff(threshold, equalBefore, false, false);
    }

    public Gate gate() {
        return new Gate(this);
    }

    /** Stateful: feed it every element's key, in position order, exactly once. */
    public static final class Gate {
        private final RankCutoff cutoff;
        private long seenEqual;

        private Gate(RankCutoff cutoff) {
            this.cutoff = cutoff;
        }

        /**
         * Zeroes the entries of {@code values[0..n)} whose |value| ranks below the cut-off, in one pass
         * that only branches on the rare entries equal to the threshold.
         */
        public void zeroBelow(float[] values, int n) {
            if (cutoff.everything) {
                return;
            }
            if (cutoff.nothing) {
                java.util.Arrays.fill(values, 0, n, 0f);
                return;
            }
            int i = 0;
            while ((i = VectorKernels.zeroBelow(values, i, n, cutoff.threshold)) < n) {
                if (seenEqual++ < cutoff.equalBefore) {
                    values[i] = 0f;
                }
                i++;
            }
        }

        public boolean atOrAbove(float key) {
            if (cutoff.everything) {
                return true;
            }
            if (cutoff.nothing) {
                return false;
            }
            int bits = Float.floatToRawIntBits(key);
            if (bits != cutoff.threshold) {
                return Integer.compareUnsigned(bits, cutoff.threshold) > 0;
            }
            return seenEqual++ >= cutoff.equalBefore;
        }
    }
}
