package dev.skillmerge.checkpoint.stream;

/**
 * Splits a tensor of {@code n} elements into chunks of at most {@link #ELEMENTS} for streaming: the
 * unit of work that keeps memory flat (a few float buffers of this size per thread) whatever the model.
 */
public final class Chunks {
    /** 1 Mi elements: 4 MB as float32, large enough to amortize a mapping, small enough to stay in L2/L3-friendly sizes per thread. */
    public static final int ELEMENTS = 1 << 20;

    private Chunks() {
    }

    public static int count(long elements) {
        return (int) ((elements + ELEMENTS - 1) / ELEMENTS);
    }

    public static long start(int chunk) {
        return (long) chunk * ELEMENTS;
    }

    public static int length(long elements, int chunk) {
        return (int) Math.min(ELEMENTS, elements - start(chunk));
    }
}
