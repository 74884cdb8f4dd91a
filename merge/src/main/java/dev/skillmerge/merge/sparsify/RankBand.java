package dev.skillmerge.merge.sparsify;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A range of key bits around where the first chunk of a stream says a target rank lies: every key of the
 * tensor inside the range is kept, every key below it only counted. When the target rank falls among the
 * kept keys, its cut-off is read from them and no histogram of the whole tensor is needed; otherwise (the
 * first chunk misled, or the band outgrew {@link #MAX_KEYS}) {@link RankSelection} histograms the tensor.
 * Either way the cut-off is exact: the band only saves work.
 */
final class RankBand {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = F.vectorShape().withLanes(int.class);
    private static final int BUCKETS = 1 << 16;
    /** At most this many keys per band (16 MB); a band that would hold more is dropped. */
    static final int MAX_KEYS = 1 << 22;

    private final int from;
    private final int span;
    private int[] kept = new int[0];
    private int size;
    private long below;
    private boolean dropped;

    private RankBand(int firstBucket, int buckets) {
        this.from = firstBucket << 16;
        this.span = buckets << 16;
    }

    /**
     * Bands for the targets of one stream, from the upper-16-bit histogram of its first chunk ({@code seen}
     * of {@code total} keys): the buckets between the ranks three standard errors of the chunk's estimate
     * (plus 0.2% of the tensor, for magnitudes that drift along it) below and above each target. Null for
     * targets already resolved, and all null for tensors that fit in one chunk (whose histogram is then
     * complete).
     */
    static RankBand[] around(long[] firstChunk, int seen, long total, long[] targets, RankCutoff[] resolved) {
        RankBand[] bands = new RankBand[targets.length];
        if (seen == total) {
            return bands;
        }
        for (int t = 0; t < targets.length; t++) {
            if (resolved[t] != null) {
                continue;
            }
            double share = (double) targets[t] / total;
            double margin = 3 * Math.sqrt(share * (1 - share) / seen) + 0.002;
            int low = bucketOf(firstChunk, (long) Math.floor((share - margin) * seen), seen);
            int high = bucketOf(firstChunk, (long) Math.ceil((share + margin) * seen), seen);
            bands[t] = new RankBand(low, high - low + 1);
        }
        return bands;
    }

    // the bucket holding the key of the given rank (from 0, clamped to the histogram) in a histogram of `count` keys
    private static int bucketOf(long[] histogram, long rank, int count) {
        long r = Math.max(0, Math.min(rank, count - 1));
        long before = 0;
        int b = 0;
        while (before + histogram[b] <= r) {
            before += histogram[b];
            b++;
        }
        return b;
    }

    /**
     * Counts the keys {@code keys[0..n)} below the band and keeps those inside it. Vector compares instead
     * of a histogram increment per key: a scattered increment costs a few ns, 16 lanes compared cost less
     * than one; the in-band keys (1-3% on bf16 deltas) are packed with a compress-store, on every vector and
     * without a branch: with that share a quarter to a half of the 16-lane vectors hold one, so a branch on it
     * mispredicts often (unconditional: breadcrumbs at 0.5B 7.2 -> 6.0 s, ties 5.5 -> 5.1 s, medians of A/B
     * rounds). {@link #room} keeps a vector's overhang free for the store.
     */
    void count(float[] keys, int n) {
        if (!room(n)) {
            return;
        }
        int[] kept = this.kept;
        int at = size;
        long under = 0;
        int i = 0;
        for (int bound = I.loopBound(n); i < bound; i += I.length()) {
            IntVector bits = FloatVector.fromArray(F, keys, i).reinterpretAsInts();
            under += bits.compare(VectorOperators.LT, from).trueCount();
            VectorMask<Integer> in = bits.sub(from).compare(VectorOperators.ULT, span);
            bits.compress(in).intoArray(kept, at);
            at += in.trueCount();
        }
        for (; i < n; i++) {
            int bits = Float.floatToRawIntBits(keys[i]);
            if (bits < from) {
                under++;
            } else if (Integer.compareUnsigned(bits - from, span) < 0) {
                kept[at++] = bits;
            }
        }
        size = at;
        below += under;
    }

    // whether n more keys (and one vector's overhang of the compress-store) fit, growing the array up to
    // MAX_KEYS; once they do not, the band is dropped
    private boolean room(int n) {
        if (dropped) {
            return false;
        }
        long needed = (long) size + n + I.length();
        if (needed > kept.length) {
            if ((long) size + n > MAX_KEYS) {
                dropped = true;
                kept = null;
                return false;
            }
            kept = Arrays.copyOf(kept, (int) Math.min(MAX_KEYS + I.length(), Math.max(2L * kept.length, needed)));
        }
        return true;
    }

    /** Whether the key of this rank (from 0, ascending over the whole tensor) is among the kept keys. */
    boolean holds(long rank) {
        return !dropped && rank >= below && rank < below + size;
    }

    /** The cut-off of the key of this rank (from 0, ascending over the whole tensor); needs {@link #holds}. */
    RankCutoff cutoff(long rank) {
        long r = rank - below;
        int firstBucket = from >>> 16;
        long[] upper = new long[span >>> 16];
        for (int i = 0; i < size; i++) {
            upper[(kept[i] >>> 16) - firstBucket]++;
        }
        int b = 0;
        while (r >= upper[b]) {
            r -= upper[b];
            b++;
        }
        int bucket = firstBucket + b;
        long[] lower = new long[BUCKETS];
        for (int i = 0; i < size; i++) {
            if (kept[i] >>> 16 == bucket) {
                lower[kept[i] & 0xFFFF]++;
            }
        }
        int low = 0;
        while (r >= lower[low]) {
            r -= lower[low];
            low++;
        }
        return RankCutoff.at(bucket << 16 | low, r);
    }
}
