package dev.skillmerge.merge.sparsify;

import dev.skillmerge.merge.kernel.VectorKernels;
import dev.skillmerge.merge.method.Chunk;
import dev.skillmerge.merge.method.TensorMerge;
import java.io.IOException;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Exact rank selection over a streamed tensor, by two-level radix selection on the keys' float bits
 * (non-negative floats order like their bit patterns): the upper 16 bits' histogram finds the bucket
 * holding each target rank, the lower 16 bits' histogram inside that bucket finds the key. Both come
 * from one scan when the keys near the predicted bucket, kept during it, cover the actual one (see
 * {@link Scan}); otherwise a second scan histograms the lower bits. No sort; memory per target is the
 * counters and at most n / 8 kept keys.
 */
public final class RankSelection {
    private static final int BUCKETS = 1 << 16;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Fills {@code keys[0..chunk.length)} with stream s's non-negative keys for a chunk. */
    @FunctionalInterface
    public interface Keys {
        void fill(Chunk chunk, int stream, float[] keys);
    }

    private RankSelection() {
    }

    /**
     * Finds the cut-off of every target rank (ascending, from 0) of every key stream. A target equal to
     * the tensor size gives {@link RankCutoff#NONE}; a target of 0 gives {@link RankCutoff#ALL}.
     */
    public static RankCutoff[][] select(TensorMerge tensor, int streams, Keys keys, long[][] targets) throws IOException {
        long n = tensor.size();
        RankCutoff[][] result = new RankCutoff[streams][];
        boolean anyToFind = false;
        for (int s = 0; s < streams; s++) {
            result[s] = new RankCutoff[targets[s].length];
            for (int t = 0; t < targets[s].length; t++) {
                long r = targets[s][t];
                if (r <= 0) {
                    result[s][t] = RankCutoff.ALL;
                } else if (r >= n) {
                    result[s][t] = RankCutoff.NONE;
                } else {
                    anyToFind = true;
                }
            }
        }
        if (!anyToFind) {
            return result;
        }
        Scan scan = new Scan(tensor, streams, targets, result);
        tensor.scan(chunk -> {
            float[] k = tensor.work(0);
            for (int s = 0; s < streams; s++) {
                keys.fill(chunk, s, k);
                scan.add(s, chunk, k);
            }
        });
        long[][] upper = scan.upperHistograms();
        int[][] bucket = new int[streams][];
        long[][] remaining = new long[streams][];
        long[][][] lower = new long[streams][][];
        boolean rescan = false;
        for (int s = 0; s < streams; s++) {
            bucket[s] = new int[targets[s].length];
            remaining[s] = new long[targets[s].length];
            lower[s] = new long[targets[s].length][];
            for (int t = 0; t < targets[s].length; t++) {
                if (result[s][t] != null) {
                    continue;
                }
                long r = targets[s][t];
                long before = 0;
                int b = 0;
                while (before + upper[s][b] <= r) {
                    before += upper[s][b];
                    b++;
                }
                bucket[s][t] = b;
                remaining[s][t] = r - before;
                lower[s][t] = new long[BUCKETS];
                if (scan.holds(s, t, b)) {
                    scan.lowerHistogram(s, t, b, lower[s][t]);
                } else {
                    rescan = true;
                }
            }
        }
        if (rescan) {
            tensor.scan(chunk -> {
                float[] k = tensor.work(0);
                for (int s = 0; s < streams; s++) {
                    boolean needed = false;
                    for (int t = 0; t < targets[s].length; t++) {
                        needed |= lower[s][t] != null && !scan.holds(s, t, bucket[s][t]);
                    }
                    if (!needed) {
                        continue;
                    }
                    keys.fill(chunk, s, k);
                    for (int t = 0; t < targets[s].length; t++) {
                        if (lower[s][t] != null && !scan.holds(s, t, bucket[s][t])) {
                            lowerHistogram(k, chunk.length, bucket[s][t], lower[s][t]);
                        }
                    }
                }
            });
        }
        for (int s = 0; s < streams; s++) {
            for (int t = 0; t < targets[s].length; t++) {
                if (result[s][t] != null) {
                    continue;
                }
                long r = remaining[s][t];
                long before = 0;
                int low = 0;
                while (before + lower[s][t][low] <= r) {
                    before += lower[s][t][low];
                    low++;
                }
                result[s][t] = RankCutoff.at(bucket[s][t] << 16 | low, r - before);
            }
        }
        return result;
    }

    /**
     * The first scan of a selection: the upper-16-bit histogram of every stream, and, so that a second
     * scan is rarely needed, the keys near each target's predicted bucket. The first chunk's keys are
     * kept whole; from its histogram each target's bucket is predicted with a margin of ranks on either
     * side (1% of them, or 8 standard errors of a quantile estimated from m keys, 4 / sqrt(m), when that
     * is wider), and the later chunks keep only keys in that window.
     * A tensor of one chunk is thus always selected in one scan; a larger one is, unless its first rows
     * are unlike the rest (a window that misses, or overflows, costs the second scan of old).
     */
    private static final class Scan {
        private final long n;
        private final long[][] targets;
        private final RankCutoff[][] known;
        private final long[][][] split;
        private final float[][] firstKeys;
        private final int[] firstLength;
        private BucketWindow[][] windows;

        Scan(TensorMerge tensor, int streams, long[][] targets, RankCutoff[][] known) {
            this.n = tensor.size();
            this.targets = targets;
            this.known = known;
            this.split = new long[streams][4][BUCKETS];
            this.firstKeys = new float[streams][];
            this.firstLength = new int[streams];
        }

        void add(int s, Chunk chunk, float[] keys) {
            if (chunk.offset == 0) {
                firstKeys[s] = java.util.Arrays.copyOf(keys, chunk.length);
                firstLength[s] = chunk.length;
            } else {
                if (windows == null) {
                    windows = predictWindows();
                }
                for (BucketWindow w : windows[s]) {
                    if (w != null) {
                        w.collect(keys, chunk.length);
                    }
                }
            }
            upperHistogram(keys, chunk.length, split[s]);
        }

        // Called once, after the first chunk of every stream: its histogram is the only one so far.
        private BucketWindow[][] predictWindows() {
            long[][] first = upperHistograms();
            BucketWindow[][] w = new BucketWindow[targets.length][];
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(1 << 20, n / 8));
            for (int s = 0; s < targets.length; s++) {
                w[s] = new BucketWindow[targets[s].length];
                for (int t = 0; t < targets[s].length; t++) {
                    if (known[s][t] != null) {
                        continue;
                    }
                    double q = (double) targets[s][t] / n;
                    long m = firstLength[s];
                    double margin = Math.max(0.01, 4 / Math.sqrt(m));
                    long from = (long) Math.floor(Math.max(0, q - margin) * m);
                    long to = (long) Math.ceil(Math.min(1, q + margin) * m);
                    int lo = q - margin <= 0 ? 0 : bucketOfRank(first[s], from);
                    int hi = q + margin >= 1 ? BUCKETS - 1 : bucketOfRank(first[s], Math.min(to, m - 1));
                    w[s][t] = new BucketWindow(lo, hi, capacity);
                }
            }
            return w;
        }

        private static int bucketOfRank(long[] histogram, long rank) {
            long before = 0;
            int b = 0;
            while (b < BUCKETS - 1 && before + histogram[b] <= rank) {
                before += histogram[b];
                b++;
            }
            return b;
        }

        long[][] upperHistograms() {
            long[][] upper = new long[split.length][BUCKETS];
            for (int s = 0; s < split.length; s++) {
                for (long[] part : split[s]) {
                    for (int b = 0; b < BUCKETS; b++) {
                        upper[s][b] += part[b];
                    }
                }
            }
            return upper;
        }

        boolean holds(int s, int t, int bucket) {
            return windows == null || windows[s][t].holds(bucket);
        }

        void lowerHistogram(int s, int t, int bucket, long[] histogram) {
            RankSelection.lowerHistogram(firstKeys[s], firstLength[s], bucket, histogram);
            if (windows != null) {
                windows[s][t].lowerHistogram(bucket, histogram);
            }
        }
    }

    // Four interleaved histograms: neighbouring keys often share a bucket, and one counter's increments
    // would wait on each other.
    private static void upperHistogram(float[] keys, int n, long[][] split) {
        long[] h0 = split[0];
        long[] h1 = split[1];
        long[] h2 = split[2];
        long[] h3 = split[3];
        int i = 0;
        for (; i + 3 < n; i += 4) {
            h0[Float.floatToRawIntBits(keys[i]) >>> 16]++;
            h1[Float.floatToRawIntBits(keys[i + 1]) >>> 16]++;
            h2[Float.floatToRawIntBits(keys[i + 2]) >>> 16]++;
            h3[Float.floatToRawIntBits(keys[i + 3]) >>> 16]++;
        }
        for (; i < n; i++) {
            h0[Float.floatToRawIntBits(keys[i]) >>> 16]++;
        }
    }

    // Lower 16 bits of the keys whose upper 16 bits are {@code bucket}: few lanes match, so whole vectors
    // are skipped by one compare.
    private static void lowerHistogram(float[] keys, int n, int bucket, long[] histogram) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            IntVector upper = FloatVector.fromArray(F, keys, i).reinterpretAsInts().lanewise(VectorOperators.LSHR, 16);
            if (upper.compare(VectorOperators.EQ, bucket).anyTrue()) {
                for (int j = i; j < i + F.length(); j++) {
                    int bits = Float.floatToRawIntBits(keys[j]);
                    if (bits >>> 16 == bucket) {
                        histogram[bits & 0xFFFF]++;
                    }
                }
            }
        }
        for (; i < n; i++) {
            int bits = Float.floatToRawIntBits(keys[i]);
            if (bits >>> 16 == bucket) {
                histogram[bits & 0xFFFF]++;
            }
        }
    }

    /** Keys for magnitude pruning: |theta_model - theta_base| of model s. */
    public static void magnitudes(Chunk chunk, int model, float[] keys) {
        VectorKernels.absoluteDifference(chunk.models[model], chunk.base, keys, chunk.length);
    }
}
