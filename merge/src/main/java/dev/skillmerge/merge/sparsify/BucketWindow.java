package dev.skillmerge.merge.sparsify;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The keys whose upper 16 bits fall in a predicted range of buckets [lo, hi], kept while a rank selection
 * scans the tensor: when the cut-off's bucket turns out to lie in the range, its lower-16-bit histogram
 * comes from these keys and the selection needs no second scan. Gives up (and the caller scans again)
 * once more than {@code capacity} keys qualify, so memory stays bounded whatever the data.
 */
final class BucketWindow {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private final int lo;
    private final int hi;
    private final int capacity;
    private int[] keys = new int[1 << 12];
    private int count;
    private boolean overflowed;

    BucketWindow(int lo, int hi, int capacity) {
        this.lo = lo;
        this.hi = hi;
        this.capacity = capacity;
    }

    /**
     * Keeps the keys of {@code values[0..n)} that fall in the window: one compare per vector, and the
     * few lanes inside are packed into the list by a compress (a per-lane branch would mispredict).
     */
    void collect(float[] values, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound && !overflowed; i += F.length()) {
            IntVector bits = FloatVector.fromArray(F, values, i).reinterpretAsInts();
            IntVector upper = bits.lanewise(VectorOperators.LSHR, 16);
            VectorMask<Integer> inside = upper.compare(VectorOperators.GE, lo).and(upper.compare(VectorOperators.LE, hi));
            if (inside.anyTrue() && room(F.length())) {
                bits.compress(inside).intoArray(keys, count);
                count += inside.trueCount();
            }
        }
        for (; i < n && !overflowed; i++) {
            int bits = Float.floatToRawIntBits(values[i]);
            int bucket = bits >>> 16;
            if (bucket >= lo && bucket <= hi && room(1)) {
                keys[count++] = bits;
            }
        }
    }

    // Grows the list for {@code more} keys, or gives up on the window past its capacity.
    private boolean room(int more) {
        if (count + more <= keys.length) {
            return true;
        }
        if ((long) count + more > capacity) {
            overflowed = true;
            keys = null;
            return false;
        }
        keys = java.util.Arrays.copyOf(keys, (int) Math.min(capacity, Math.max(2L * keys.length, count + more)));
        return true;
    }

    /** Whether every key of {@code bucket} seen since the window opened is here. */
    boolean holds(int bucket) {
        return !overflowed && bucket >= lo && bucket <= hi;
    }

    /** Adds the lower 16 bits of the kept keys in {@code bucket} to {@code histogram}. */
    void lowerHistogram(int bucket, long[] histogram) {
        for (int i = 0; i < count; i++) {
            if (keys[i] >>> 16 == bucket) {
                histogram[keys[i] & 0xFFFF]++;
            }
        }
    }
}
