package dev.skillmerge.checkpoint.hf;

import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.checkpoint.tensor.TensorInfo;
import dev.skillmerge.checkpoint.tensor.TensorReader;
import dev.skillmerge.checkpoint.tensor.TensorFile;

import dev.skillmerge.checkpoint.dtype.DType;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** A tensor of a model folder: the shard that holds it and its entry in that shard's header. */
public record StoredTensor(TensorFile file, TensorInfo info) {
    public String name() {
        return info.name();
    }

    public DType dtype() {
        return info.dtype();
    }

    public Shape shape() {
        return info.shape();
    }

    public long elementCount() {
        return info.elementCount();
    }

    public long byteLength() {
        return info.byteLength();
    }

    /** Decodes elements {@code [fromElement, fromElement + count)} as float32 into {@code dst[dstOff..]}. */
    public void readFloats(long fromElement, float[] dst, int dstOff, int count) throws IOException {
        file.readFloats(info, fromElement, dst, dstOff, count);
    }

    /** A sequential reader with a sliding mapped window: the fast way to stream a whole tensor. */
    public TensorReader reader() {
        return new TensorReader(file, info);
    }

    /** Maps a byte range of the stored tensor, zero-copy, for as long as {@code arena} lives. */
    public MemorySegment mapBytes(long fromByte, long length, Arena arena) throws IOException {
        return file.map(info, fromByte, length, arena);
    }
}
