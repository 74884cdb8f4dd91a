package dev.skillmerge.merge.sparsify;

import dev.skillmerge.merge.method.Chunk;

/**
 * The prepared sparsification of one tensor's task vectors: zeroes the dropped entries of a model's
 * delta in a chunk and rescales the kept ones. Call once per model per chunk, in position order: some
 * sparsifiers count ties at their cut-off as they go.
 */
@FunctionalInterface
public interface Sparsification {
    Sparsification NONE = (model, chunk, delta) -> {
    };

    void apply(int model, Chunk chunk, float[] delta);
}
