package dev.skillmerge.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/**
 * One sequence being generated: its KV cache and how many positions it holds. Each {@link #feed} runs the
 * new tokens through the model at the next positions and returns the logits after the last of them; every
 * intermediate array of the step is freed when the step ends.
 */
public final class InferenceSession implements AutoCloseable {
    private final LlamaModel model;
    private final NDManager manager;
    private final KvCache cache;
    private final int capacity;
    private int position;

    public InferenceSession(LlamaModel model, int capacity) {
        this.model = model;
        this.capacity = capacity;
        this.manager = model.manager().newSubManager();
        this.cache = KvCache.allocate(manager, model.config(), 1, capacity);
    }

    /** Positions filled so far. */
    public int position() {
        return position;
    }

    public int capacity() {
        return capacity;
    }

    /** Appends {@code tokens} to the sequence and returns the next-token logits after the last of them. */
    public float[] feed(int... tokens) {
        if (tokens.length == 0 || position + tokens.length > capacity) {
            throw new IllegalArgumentException(tokens.length + " tokens at position " + position + " do not fit " + capacity);
        }
        long[] ids = new long[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            ids[i] = tokens[i];
        }
        try (NDScope step = new NDScope()) {
            NDArray input = manager.create(ids, new Shape(1, ids.length));
            float[] logits = model.lastLogits(input, position, cache);
            position += tokens.length;
            return logits;
        }
    }

    @Override
    public void close() {
        cache.close();
        manager.close();
    }
}
