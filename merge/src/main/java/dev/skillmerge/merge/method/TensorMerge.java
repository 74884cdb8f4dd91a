package dev.skillmerge.merge.method;

import dev.skillmerge.checkpoint.rng.PositionalRandom;
import dev.skillmerge.checkpoint.tensor.Shape;
import java.io.IOException;

/**
 * One output tensor being merged, as a merge method sees it: the inputs' shape, resolved parameters,
 * and streaming access. A method may {@link #scan} the inputs as often as it needs statistics (norms,
 * cosines, rank cut-offs), then {@link #write} the output once. Memory stays at a few chunks whatever
 * the tensor size.
 */
public interface TensorMerge {
    String name();

    Shape shape();

    default long size() {
        return shape().elementCount();
    }

    /** Elements per row: the last dimension (a 1-D tensor is one row). Chunks hold whole rows. */
    int rowLength();

    /** The number of contributing input models (the base is not counted). */
    int models();

    boolean hasBase();

    /** Model k's value of a per-model parameter for this tensor (its default when unset). */
    double param(int model, String name);

    /** A whole-tensor parameter for this tensor (its default when unset). */
    double global(String name);

    default boolean flag(String name) {
        return global(name) != 0;
    }

    /** Reproducible random numbers for model k on this tensor: a function of (seed, tensor name, k, position). */
    PositionalRandom random(int model);

    @FunctionalInterface
    interface ChunkVisitor {
        void visit(Chunk chunk) throws IOException;
    }

    @FunctionalInterface
    interface ChunkWriter {
        /** Fills {@code out[0..chunk.length)} with the merged values of this chunk. */
        void write(Chunk chunk, float[] out) throws IOException;
    }

    /** Streams every chunk of the inputs, in position order. */
    void scan(ChunkVisitor visitor) throws IOException;

    /** Streams every chunk of the inputs, in position order, and writes what {@code writer} produces. */
    void write(ChunkWriter writer) throws IOException;

    /** A work buffer of this thread, large enough for any chunk of this tensor; slots are independent. */
    float[] work(int slot);

    /** A float32 scratch tensor of this tensor's size, for methods that iterate on a whole-tensor estimate. */
    ScratchTensor scratch() throws IOException;
}
