package dev.skillmerge.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * Several sequences decoded together, one token per row per step. Each prompt is prefilled alone (exactly
 * the computation of a one-sequence {@link InferenceSession}) and its keys and values are copied into its
 * row of a shared cache, right-aligned so that every row writes the same slot at each step: rows are padded
 * on the left ({@link LeftPadding}). Rows whose sequences have finished are dropped with {@link #keep}, so a
 * step only computes the rows still running.
 */
public final class BatchSession implements AutoCloseable {
    private final LlamaModel model;
    private final NDManager manager;
    private final KvCache.Buffers cache;
    private final int capacity;
    private final float[][] firstLogits;
    private LeftPadding padding;
    private int slot;

    /**
     * Prefills every prompt. {@code capacity} is the number of cache slots: the longest prompt plus the most
     * tokens any row will still be fed.
     */
    public BatchSession(LlamaModel model, List<int[]> prompts, int capacity) {
        this.model = model;
        this.capacity = capacity;
        int longest = prompts.stream().mapToInt(p -> p.length).max().orElseThrow();
        if (longest > capacity) {
            throw new IllegalArgumentException("a prompt of " + longest + " tokens does not fit " + capacity + " slots");
        }
        this.manager = model.manager().newSubManager();
        this.cache = KvCache.allocate(manager, model.config(), prompts.size(), capacity);
        int[] pad = new int[prompts.size()];
        this.firstLogits = new float[prompts.size()][];
        for (int row = 0; row < prompts.size(); row++) {
            int[] prompt = prompts.get(row);
            pad[row] = longest - prompt.length;
            try (KvCache.Buffers alone = KvCache.allocate(manager, model.config(), 1, prompt.length); NDScope step = new NDScope()) {
                NDArray input = manager.create(Arrays.stream(prompt).asLongStream().toArray(), new Shape(1, prompt.length));
                firstLogits[row] = model.lastLogits(input, 0, alone);
                cache.copyRow(alone, prompt.length, row, pad[row]);
            }
        }
        this.padding = new LeftPadding(pad);
        this.slot = longest;
    }

    /** The next-token logits after row {@code row}'s prompt. */
    public float[] promptLogits(int row) {
        return firstLogits[row];
    }

    /** Rows still in the batch. */
    public int rows() {
        return padding.rows();
    }

    /** How many tokens row {@code row} holds: the position its next token gets. */
    public int position(int row) {
        return slot - padding.of(row);
    }

    /** Whether another step fits in the cache. */
    public boolean hasRoom() {
        return slot < capacity;
    }

    /** Feeds one token to every row and returns each row's next-token logits. */
    public float[][] step(int[] tokens) {
        if (tokens.length != rows()) {
            throw new IllegalArgumentException(tokens.length + " tokens for " + rows() + " rows");
        }
        if (!hasRoom()) {
            throw new IllegalStateException("the cache's " + capacity + " slots are full");
        }
        float[] all;
        try (NDScope step = new NDScope()) {
            NDArray input = manager.create(Arrays.stream(tokens).asLongStream().toArray(), new Shape(tokens.length, 1));
            all = model.lastLogits(input, slot, cache, padding);
        }
        slot++;
        int vocab = all.length / tokens.length;
        float[][] out = new float[tokens.length][];
        for (int r = 0; r < tokens.length; r++) {
            out[r] = Arrays.copyOfRange(all, r * vocab, (r + 1) * vocab);
        }
        return out;
    }

    /** Keeps only {@code rows} (indices of the current rows, in the new order). */
    public void keep(int[] rows) {
        if (rows.length == rows()) {
            return;
        }
        cache.keepRows(rows);
        padding = padding.keep(rows);
    }

    @Override
    public void close() {
        cache.close();
        manager.close();
    }
}
