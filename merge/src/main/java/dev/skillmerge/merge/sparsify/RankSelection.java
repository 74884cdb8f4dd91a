package dev.skillmerge.merge.sparsify;

import dev.skillmerge.merge.kernel.VectorKernels;
import dev.skillmerge.merge.method.Chunk;
import dev.skillmerge.merge.method.TensorMerge;
import java.io.IOException;

/**
 * Exact rank selection over a streamed tensor, by two-level radix selection on the keys' float bits
 * (non-negative floats order like their bit patterns): one scan histograms the upper 16 bits to find
 * the bucket holding each target rank, a second histograms the lower 16 bits inside that bucket. Two
 * passes and 256 KB of counters per target, whatever the tensor size; no sort.
 */
public final class RankSelection {
    private static final int BUCKETS = 1 << 16;

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
        tensor.scan(chunk -> {
            float[] k = tensor.work(0);
            for (int s = 0; s < streams; s++) {
                keys.fill(chunk, s, k);
                long[] h = upper[s];
                for (int i = 0; i < chunk.length; i++) {
                    h[Float.floatToRawIntBits(k[i]) >>> 16]++;
                }
            }
        });
        int[][] bucket = new int[streams][];
        long[][] remaining = new long[streams][];
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
            }
        }
        long[][][] lower = new long[streams][][];
        for (int s = 0; s < streams; s++) {
            lower[s] = new long[targets[s].length][];
            for (int t = 0; t < targets[s].length; t++) {
                if (result[s][t] == null) {
                    lower[s][t] = new long[BUCKETS];
                }
            }
        }
        tensor.scan(chunk -> {
            float[] k = tensor.work(0);
            for (int s = 0; s < streams; s++) {
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

    /** Keys for magnitude pruning: |theta_model - theta_base| of model s. */
    public static void magnitudes(Chunk chunk, int model, float[] keys) {
        VectorKernels.absoluteDifference(chunk.models[model], chunk.base, keys, chunk.length);
    }
}
