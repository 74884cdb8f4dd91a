package dev.skillmerge.merge.sparsify;

import dev.skillmerge.merge.kernel.VectorKernels;
import dev.skillmerge.merge.method.Chunk;
import dev.skillmerge.merge.method.TensorMerge;
import java.io.IOException;
import java.util.Arrays;

/**
 * Exact rank selection over a streamed tensor, by radix selection on the keys' float bits (non-negative
 * floats order like their bit patterns). The first chunk's histogram of the upper 16 bits puts each
 * target in a band of buckets ({@link RankBand}); the rest of the first scan only counts the keys below
 * each band and keeps those inside it. When the target falls inside its band, as it does for tensors
 * whose magnitudes are spread alike throughout, the cut-off is read from the kept keys: one scan. Where
 * the first chunk misled, a scan histograms the upper 16 bits to find the target's bucket and another
 * the lower 16 bits inside it. No sort; at most 512 KB of counters per stream and 16 MB of kept keys per
 * target, whatever the tensor size.
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
                if (bands[s] == null) {
                    histogram(k, chunk.length, upper[s]);
                    bands[s] = RankBand.around(upper[s], chunk.length, n, targets[s], result[s]);
                }
                for (RankBand band : bands[s]) {
                    if (band != null) {
                        band.count(k, chunk.length);
                    }
                }
            }
        });
        // A stream with bands has only its first chunk in `upper`; one whose band missed a target needs the
        // whole histogram, counted in a scan of its own.
        boolean[] histogramMissing = new boolean[streams];
        boolean anyMissing = false;
        for (int s = 0; s < streams; s++) {
            for (int t = 0; t < targets[s].length; t++) {
                RankBand band = bands[s][t];
                if (result[s][t] == null && band != null) {
                    if (band.holds(targets[s][t])) {
                        result[s][t] = band.cutoff(targets[s][t]);
                    } else {
                        histogramMissing[s] = true;
                        anyMissing = true;
                    }
                }
            }
        }
        if (anyMissing) {
            for (int s = 0; s < streams; s++) {
                if (histogramMissing[s]) {
                    Arrays.fill(upper[s], 0);
                }
            }
            tensor.scan(chunk -> {
                float[] k = tensor.work(0);
                for (int s = 0; s < streams; s++) {
                    if (histogramMissing[s]) {
                        keys.fill(chunk, s, k);
                        histogram(k, chunk.length, upper[s]);
                    }
                }
            });
        }
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
                bucket[s][t] = b;
                remaining[s][t] = r - before;
                anyLeft = true;
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

    private static void histogram(float[] keys, int n, long[] upper) {
        for (int i = 0; i < n; i++) {
            upper[Float.floatToRawIntBits(keys[i]) >>> 16]++;
        }
    }

    /** Keys for magnitude pruning: |theta_model - theta_base| of model s. */
    public static void magnitudes(Chunk chunk, int model, float[] keys) {
        VectorKernels.absoluteDifference(chunk.models[model], chunk.base, keys, chunk.length);
    }
}
