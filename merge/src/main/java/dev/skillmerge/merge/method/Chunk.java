package dev.skillmerge.merge.method;

/**
 * A run of consecutive elements of one tensor, decoded to float32 for every input: elements
 * {@code [offset, offset + length)}, always whole rows of {@code rowLength}. {@code base} is null when
 * the merge has no base model; {@code models[k]} holds input model k. Buffers are reused between chunks,
 * so a visitor must not keep references to them.
 */
public final class Chunk {
    public long offset;
    public int length;
    public int rowLength;
    public float[] base;
    public float[][] models;

    public int rows() {
        return length / rowLength;
    }
}
