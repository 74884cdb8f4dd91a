package dev.skillmerge.checkpoint.tensor;

import dev.skillmerge.checkpoint.dtype.DType;

/** A tensor about to be written: its name, dtype and shape, before it has a place in a file. */
public record TensorSpec(String name, DType dtype, Shape shape) {
    public long byteLength() {
        return Math.multiplyExact(shape.elementCount(), dtype.byteSize());
    }
}
