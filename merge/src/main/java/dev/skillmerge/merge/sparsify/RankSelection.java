package dev.skillmerge.merge.sparsify;

import dev.skillmerge.merge.kernel.VectorKernels;
import dev.skillmerge.merge.method.Chunk;
import dev.skillmerge.merge.method.TensorMerge;
import java.io.IOException;

/**
 * Exact rank selection over a streamed tensor, by two-level radix selection on the keys' float bits
 * (non-negative floats order like their bit patterns): one scan histograms the upper 16 bits to find
 * the bucket holding each target rank, a second histograms the lower 16 bits inside that bucket. The
 * first scan also keeps the keys of a few buckets around where its first chunk puts each target
 * ({@link RankBand}); when the target's bucket is among them, as it is for tensors whose magnitudes are
 * spread alike throughout, the second scan is skipped. No sort; at most 512 KB of counters per stream
 * and 16 MB of kept keys per target, whatever the tensor size.
 */
public final class RankSelection {
    private static final int BUCKETS = 1 << 16;
    /** The most one key stream's counters and bands hold at once: two targets per stream at most (breadcrumbs). */
    public static final long BYTES_PER_STREAM = BUCKETS * Long.BYTES + 2L * RankBand.MAX_KEYS * Integer.BYTES;

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
        long[][] upper = new long[streams][BUCKETS];
        RankBand[][] bands = new RankBand[streams][];
        tensor.scan(chunk -> {
            float[] k = tensor.work(0);
            for (int s = 0; s < streams; s++) {
                keys.fill(chunk, s, k);
                long[] h = upper[s];
                if (bands[s] == null) {
                    histogram(k, chunk.length, h);
                    bands[s] = RankBand.around(h, chunk.length, n, targets[s], result[s]);
                    for (RankBand band : bands[s]) {
                        if (band != null) {
                            band.collect(k, chunk.length);
                        }
                    }
                } else {
                    histogram(k, chunk.length, h, bands[s]);
                }
            }
        });
        int[][] bucket = new int[streams][];
        long[][] remaining = new long[streams][];
        boolean anyLeft = false;
        for (int s = 0; s < streams; s++) {
            bucket[s] = new int[targets[s].length];
            remaining[s] = new long[targets[s].length];
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
                RankBand band = bands[s][t];
                if (band != null && band.holds(b)) {
                    result[s][t] = band.cutoff(b, r - before);
                } else {
                    bucket[s][t] = b;
                    remaining[s][t] = r - before;
                    anyLeft = true;
                }
            }
        }
        if (!anyLeft) {
            return result;
        }
        long[][][] lower = new long[streams][][];
        boolean[] rescan = new boolean[streams];
        for (int s = 0; s < streams; s++) {
            lower[s] = new long[targets[s].length][];
            for (int t = 0; t < targets[s].length; t++) {
                if (result[s][t] == null) {
                    lower[s][t] = new long[BUCKETS];
                    rescan[s] = true;
                }
            }
        }
        tensor.scan(chunk -> {
            float[] k = tensor.work(0);
            for (int s = 0; s < streams; s++) {
                if (!rescan[s]) {
                    continue; // every target of this stream was found in the first scan
                }
                keys.fill(chunk, s, k);
                for (int t = 0; t < targets[s].length; t++) {
                    long[] h = lower[s][t];
                    if (h == null) {
                        continue;
                    }
                    int b = bucket[s][t];
                    for (int i = 0; i < chunk.length; i++) {
                        int bits = Float.floatToRawIntBits(k[i]);
                        if (bits >>> 16 == b) {
                            h[bits & 0xFFFF]++;
                        }
                    }
                }
            }
        });
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

    static void histogram(float[] keys, int n, long[] upper) {
        for (int i = 0; i < n; i++) {
            upper[Float.floatToRawIntBits(keys[i]) >>> 16]++;
        }
    }

    private static void histogram(float[] keys, int n, long[] upper, RankBand[] bands) {
        if (bands.length == 1 && bands[0] != null) {
            bands[0].collect(keys, n, upper);
            return;
        }
        if (bands.length == 2 && bands[0] != null && bands[1] != null) {
            RankBand.collect(keys, n, upper, bands[0], bands[1]);
            return;
        }
        histogram(keys, n, upper);
        for (RankBand band : bands) {
            if (band != null) {
                band.collect(keys, n);
            }
        }
    }

    /** Keys for magnitude pruning: |theta_model - theta_base| of model s. */
    public static void magnitudes(Chunk chunk, int model, float[] keys) {
        VectorKernels.absoluteDifference(chunk.models[model], chunk.base, keys, chunk.length);
    }
}
