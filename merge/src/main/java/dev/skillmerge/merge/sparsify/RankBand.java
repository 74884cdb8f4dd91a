package dev.skillmerge.merge.sparsify;

/**
 * The keys that fall in a few adjacent upper buckets, collected during {@link RankSelection}'s first scan
 * around where the first chunk says a target rank lies. When the tensor's exact bucket for the rank turns
 * out to be among them, the cut-off is read from these keys and the second scan is skipped; otherwise
 * (the first chunk misled, or the band outgrew {@link #MAX_KEYS}) the second scan finds it as before.
 * Either way the cut-off is exact: the band only saves a scan.
 */
final class RankBand {
    private static final int BUCKETS = 1 << 16;
    /** At most this many keys per band (16 MB); a band that would hold more is dropped. */
    static final int MAX_KEYS = 1 << 22;

    private final int first;
    private final int width;
    private int[] kept = new int[0];
    private int size;
    private boolean dropped;

    private RankBand(int first, int width) {
        this.first = first;
        this.width = width;
    }

    /**
     * Bands for the targets of one stream, from the upper histogram of its first chunk ({@code seen} of
     * {@code total} keys): the buckets between the ranks three standard errors of the chunk's estimate
     * (plus 0.2% of the tensor, for magnitudes that drift along it) below and above each target. Null
     * for targets already resolved, and for tensors that fit in one chunk (where the second scan costs
     * less than the band).
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

    /** Keeps the keys {@code keys[0..n)} that fall in the band. */
    void collect(float[] keys, int n) {
        if (room(n)) {
            int[] kept = this.kept;
            int at = size;
            int from = first << 16;
            int span = width << 16;
            for (int i = 0; i < n; i++) {
                at = keep(Float.floatToRawIntBits(keys[i]), from, span, kept, at);
            }
            size = at;
        }
    }

    /** {@link #collect} and the upper-16-bit histogram of all keys, in one loop. */
    void collect(float[] keys, int n, long[] upper) {
        if (!room(n)) {
            RankSelection.histogram(keys, n, upper);
            return;
        }
        int[] kept = this.kept;
        int at = size;
        int from = first << 16;
        int span = width << 16;
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToRawIntBits(keys[i]);
            upper[bits >>> 16]++;
            at = keep(bits, from, span, kept, at);
        }
        size = at;
    }

    /** {@link #collect} for two bands (breadcrumbs' lower and upper cut) and the upper-16-bit histogram, in one loop. */
    static void collect(float[] keys, int n, long[] upper, RankBand a, RankBand b) {
        if (!a.room(n) || !b.room(n)) {
            RankSelection.histogram(keys, n, upper);
            a.collect(keys, n);
            b.collect(keys, n);
            return;
        }
        int[] keptA = a.kept;
        int[] keptB = b.kept;
        int atA = a.size;
        int atB = b.size;
        int fromA = a.first << 16;
        int spanA = a.width << 16;
        int fromB = b.first << 16;
        int spanB = b.width << 16;
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToRawIntBits(keys[i]);
            upper[bits >>> 16]++;
            atA = keep(bits, fromA, spanA, keptA, atA);
            atB = keep(bits, fromB, spanB, keptB, atB);
        }
        a.size = atA;
        b.size = atB;
    }

    // Appends a key whose bits fall in [from, from + span) at kept[at]; returns the next free index. A branch,
    // not a branch-free append: one key in fifty is kept, so the branch predicts well, and writing every key
    // measured slower.
    private static int keep(int bits, int from, int span, int[] kept, int at) {
        if (Integer.compareUnsigned(bits - from, span) < 0) {
            kept[at] = bits;
            return at + 1;
        }
        return at;
    }

    // whether n more keys fit, growing the array up to MAX_KEYS; once they do not, the band is dropped
    private boolean room(int n) {
        if (dropped) {
            return false;
        }
        if (size + n > kept.length) {
            if ((long) size + n > MAX_KEYS) {
                dropped = true;
                kept = null;
                return false;
            }
            kept = java.util.Arrays.copyOf(kept, (int) Math.min(MAX_KEYS, Math.max(2L * kept.length, size + n)));
        }
        return true;
    }

    boolean holds(int bucket) {
        return !dropped && bucket >= first && bucket < first + width;
    }

    /** The cut-off of the key ranked {@code rank} (from 0) among those in upper bucket {@code bucket}. */
    RankCutoff cutoff(int bucket, long rank) {
        long[] lower = new long[BUCKETS];
        for (int i = 0; i < size; i++) {
            if (kept[i] >>> 16 == bucket) {
                lower[kept[i] & 0xFFFF]++;
            }
        }
        long before = 0;
        int low = 0;
        while (before + lower[low] <= rank) {
            before += lower[low];
            low++;
        }
        return RankCutoff.at(bucket << 16 | low, rank - before);
    }
}
