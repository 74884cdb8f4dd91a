package dev.skillmerge.merge.sparsify;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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
        private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

        private final RankCutoff cutoff;
        private long seenEqual;

        private Gate(RankCutoff cutoff) {
            this.cutoff = cutoff;
        }

        /** Zeroes the entries of {@code values[0..n)} whose |value| ranks below the cut-off. */
        public void zeroBelow(float[] values, int n) {
            if (cutoff.everything) {
                return;
            }
            if (cutoff.nothing) {
                java.util.Arrays.fill(values, 0, n, 0f);
                return;
            }
            int i = 0;
            for (int bound = F.loopBound(n); i < bound; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, values, i);
                long below = below(magnitudeBits(v));
                if (below != 0) {
                    v.blend(0f, VectorMask.fromLong(F, below)).intoArray(values, i);
                }
            }
            for (; i < n; i++) {
                if (!atOrAbove(values[i])) {
                    values[i] = 0f;
                }
            }
        }

        /**
         * Where {@code keys[i]} ranks below the cut-off, sets {@code values[i] = fallback[i]}, for i in
         * [0, n): a selection by one array's ranks applied to another (SCE keeps the merged value only at
         * its highest-variance positions). Consumes the keys.
         */
        public void replaceBelow(float[] keys, float[] values, float[] fallback, int n) {
            if (cutoff.everything) {
                return;
            }
            if (cutoff.nothing) {
                System.arraycopy(fallback, 0, values, 0, n);
                return;
            }
            int i = 0;
            for (int bound = F.loopBound(n); i < bound; i += F.length()) {
                long below = below(magnitudeBits(FloatVector.fromArray(F, keys, i)));
                if (below != 0) {
                    FloatVector.fromArray(F, values, i).blend(FloatVector.fromArray(F, fallback, i), VectorMask.fromLong(F, below))
                            .intoArray(values, i);
                }
            }
            for (; i < n; i++) {
                if (!atOrAbove(keys[i])) {
                    values[i] = fallback[i];
                }
            }
        }

        /**
         * Zeroes the entries of {@code values[0..n)} outside [this cut-off, {@code upper}): below this
         * gate's rank or at or above the upper gate's (breadcrumbs' two-sided trim). Both gates consume the
         * keys.
         */
        public void zeroOutside(Gate upper, float[] values, int n) {
            int i = 0;
            if (!cutoff.everything && !cutoff.nothing && !upper.cutoff.everything && !upper.cutoff.nothing) {
                long lanes = -1L >>> (64 - F.length());
                for (int bound = F.loopBound(n); i < bound; i += F.length()) {
                    FloatVector v = FloatVector.fromArray(F, values, i);
                    IntVector bits = magnitudeBits(v);
                    long outside = below(bits) | (~upper.below(bits) & lanes);
                    if (outside != 0) {
                        v.blend(0f, VectorMask.fromLong(F, outside)).intoArray(values, i);
                    }
                }
            }
            for (; i < n; i++) {
                float key = values[i];
                boolean aboveBottom = atOrAbove(key);
                boolean inTop = upper.atOrAbove(key);
                if (!aboveBottom || inTop) {
                    values[i] = 0f;
                }
            }
        }

        /** Whether |value| ranks at or above the cut-off (consumes one key). */
        public boolean atOrAbove(float value) {
            if (cutoff.everything) {
                return true;
            }
            if (cutoff.nothing) {
                return false;
            }
            int bits = Float.floatToRawIntBits(value) & 0x7FFFFFFF;
            if (bits != cutoff.threshold) {
                return bits > cutoff.threshold;
            }
            return seenEqual++ >= cutoff.equalBefore;
        }

        private static IntVector magnitudeBits(FloatVector v) {
            return v.reinterpretAsInts().and(0x7FFFFFFF);
        }

        // Lanes below the cut-off as mask bits (lane j = bit j): keys under the threshold, plus as many of
        // the lanes equal to it, in position order, as still rank below it. Magnitude bits are
        // non-negative, so signed compares order them as floats.
        private long below(IntVector bits) {
            long below = bits.compare(VectorOperators.LT, cutoff.threshold).toLong();
            VectorMask<Integer> equal = bits.compare(VectorOperators.EQ, cutoff.threshold);
            if (equal.anyTrue()) {
                long equalLanes = equal.toLong();
                int count = Long.bitCount(equalLanes);
                long drop = cutoff.equalBefore - seenEqual;
                if (drop >= count) {
                    // all of them, the common case: bf16 deltas take few distinct values, so long runs equal the cut-off
                    below |= equalLanes;
                } else {
                    for (; drop > 0; drop--) {
                        long lowest = equalLanes & -equalLanes;
                        below |= lowest;
                        equalLanes ^= lowest;
                    }
                }
                seenEqual += count;
            }
            return below;
        }
    }
}
