package dev.skillmerge.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of the positions already processed, so that a decode step computes attention for its
 * one new token without recomputing the prefix. {@link #none()} is the cache-less path of training and
 * full recomputation: attention sees exactly the keys and values of the current call.
 */
public sealed interface KvCache extends AutoCloseable {
    /** The keys and values of positions [0, start + T) for {@code layer}, after storing the new ones (shape [B, KV, T, D]). */
    KeyValues append(int layer, NDArray keys, NDArray values, int start);

    @Override
    void close();

    record KeyValues(NDArray keys, NDArray values) {
    }

    static KvCache none() {
        return new None();
    }

    /** Buffers for {@code capacity} positions of {@code batch} sequences, allocated once on {@code manager}'s device. */
    static Buffers allocate(NDManager manager, LlamaConfig config, int batch, int capacity) {
        NDArray[] keys = new NDArray[config.layers()];
        NDArray[] values = new NDArray[config.layers()];
        Shape shape = new Shape(batch, config.kvHeads(), capacity, config.headDim());
        for (int l = 0; l < config.layers(); l++) {
            keys[l] = manager.zeros(shape);
            values[l] = manager.zeros(shape);
        }
        return new Buffers(keys, values, capacity);
    }

    /** No cache: the current call's keys and values are all there is. */
    record None() implements KvCache {
        @Override
        public KeyValues append(int layer, NDArray keys, NDArray values, int start) {
            if (start != 0) {
                throw new IllegalArgumentException("without a cache a forward pass starts at position 0, not " + start);
            }
            return new KeyValues(keys, values);
        }

        @Override
        public void close() {
        }
    }

    /** Preallocated [B, KV, capacity, D] buffers per layer, written in place. */
    record Buffers(NDArray[] keys, NDArray[] values, int capacity) implements KvCache {
        @Override
        public KeyValues append(int layer, NDArray newKeys, NDArray newValues, int start) {
            int end = start + (int) newKeys.getShape().get(2);
            if (end > capacity) {
                throw new IllegalArgumentException("position " + end + " is past the cache's " + capacity);
            }
            NDIndex fresh = new NDIndex(":, :, {}:{}", start, end);
            keys[layer].set(fresh, newKeys);
            values[layer].set(fresh, newValues);
            NDIndex filled = new NDIndex(":, :, :{}", end);
            return new KeyValues(keys[layer].get(filled), values[layer].get(filled));
        }

        /**
         * Writes the first {@code length} positions of a one-row cache into slots [toSlot, toSlot + length) of
         * {@code row}: a prompt prefilled alone joins a left-padded batch.
         */
        public void copyRow(Buffers from, int length, int row, int toSlot) {
            NDIndex source = new NDIndex(":, :, :{}", length);
            NDIndex target = new NDIndex("{}:{}, :, {}:{}", row, row + 1, toSlot, toSlot + length);
            for (int l = 0; l < keys.length; l++) {
                keys[l].set(target, from.keys[l].get(source));
                values[l].set(target, from.values[l].get(source));
            }
        }

        /** Keeps only {@code rows} (indices into the batch, in the new order); the old buffers are freed. */
        public void keepRows(int[] rows) {
            long[] ids = java.util.Arrays.stream(rows).asLongStream().toArray();
            for (int l = 0; l < keys.length; l++) {
                try (NDArray index = keys[l].getManager().create(ids)) {
                    NDArray k = keys[l].get(index);
                    NDArray v = values[l].get(index);
                    keys[l].close();
                    values[l].close();
                    keys[l] = k;
                    values[l] = v;
                }
            }
        }

        @Override
        public void close() {
            for (int l = 0; l < keys.length; l++) {
                keys[l].close();
                values[l].close();
            }
        }
    }
}
