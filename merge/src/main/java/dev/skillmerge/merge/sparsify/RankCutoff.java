package dev.skillmerge.merge.sparsify;

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
