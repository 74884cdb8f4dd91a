package dev.skillmerge.checkpoint.tensor;

import dev.skillmerge.checkpoint.dtype.DType;

/**
 * One tensor entry of a safetensors header. {@code begin} and {@code end} are byte offsets relative to
 * the start of the data section (just after the header), as the format defines them.
 */
public record TensorInfo(String name, DType dtype, Shape shape, long begin, long end) {
    public long byteLength() {
        return end - begin;
    }

    public long elementCount() {
        return shape.elementCount();
    }
}
