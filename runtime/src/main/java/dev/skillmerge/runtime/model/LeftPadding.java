package dev.skillmerge.runtime.model;

import java.util.Arrays;

/**
 * How the rows of a batch sit in its cache when shorter sequences are padded on the left to the longest:
 * the first {@code padding[b]} slots of row b hold no token of its sequence. So the token in slot s of row b
 * is at position s - padding[b] (what RoPE rotates by), and no query may attend to a padding slot.
 */
public record LeftPadding(int[] padding) {
    public LeftPadding {
        padding = padding.clone();
        if (Arrays.stream(padding).anyMatch(p -> p < 0)) {
            throw new IllegalArgumentException("padding must be >= 0: " + Arrays.toString(padding));
        }
    }

    /** A batch of {@code rows} sequences that all start in slot 0. */
    public static LeftPadding none(int rows) {
        return new LeftPadding(new int[rows]);
    }

    public int rows() {
        return padding.length;
    }

    public int of(int row) {
        return padding[row];
    }

    /** Whether any row is padded (else positions are the slots and only causality masks attention). */
    public boolean any() {
        return Arrays.stream(padding).anyMatch(p -> p > 0);
    }

    /** The positions [B * T] of slots [start, start + t) of every row; 0 in padding slots, whose angle is never seen. */
    long[] positions(int start, int t) {
        long[] out = new long[padding.length * t];
        for (int b = 0; b < padding.length; b++) {
            for (int i = 0; i < t; i++) {
                out[b * t + i] = Math.max(0, start + i - padding[b]);
            }
        }
        return out;
    }

    /**
     * The additive attention mask [B * T * S] for queries in slots [start, start + t) over key slots [0, s):
     * 0 where the key is a token of the row at or before the query, -inf elsewhere. A query in a padding slot
     * sees only itself, so that its softmax has one finite term instead of none (which would be NaN).
     */
    float[] mask(int start, int t, int s) {
        float[] out = new float[padding.length * t * s];
        for (int b = 0; b < padding.length; b++) {
            for (int i = 0; i < t; i++) {
                int query = start + i;
                for (int j = 0; j < s; j++) {
                    boolean visible = (j >= padding[b] && j <= query) || j == query;
                    out[(b * t + i) * s + j] = visible ? 0f : Float.NEGATIVE_INFINITY;
                }
            }
        }
        return out;
    }

    /** The rows {@code kept}, in that order (when finished sequences leave a batch). */
    public LeftPadding keep(int[] kept) {
        int[] out = new int[kept.length];
        for (int i = 0; i < kept.length; i++) {
            out[i] = padding[kept[i]];
        }
        return new LeftPadding(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LeftPadding other && Arrays.equals(padding, other.padding);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(padding);
    }

    @Override
    public String toString() {
        return "LeftPadding" + Arrays.toString(padding);
    }
}
