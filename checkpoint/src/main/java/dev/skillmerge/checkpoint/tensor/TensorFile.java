package dev.skillmerge.checkpoint.tensor;

import dev.skillmerge.checkpoint.dtype.FloatCodec;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

/**
 * A read-only file holding tensors at known byte ranges (a safetensors file, a legacy PyTorch zip).
 * Ranges are mapped on demand, so reading in chunks keeps memory flat whatever the file size.
 */
public interface TensorFile extends AutoCloseable {
    Path path();

    /** Every tensor in the file, in storage order. */
    List<TensorInfo> tensors();

    /**
     * The bytes that describe the tensors without their data (a safetensors JSON header, the pickle of a
     * PyTorch zip): what a checkpoint fingerprint hashes.
     */
    byte[] headerBytes();

    /** Maps {@code length} bytes of a tensor starting {@code fromByte} bytes into it, for as long as {@code arena} lives. */
    MemorySegment map(TensorInfo tensor, long fromByte, long length, Arena arena) throws IOException;

    /** Decodes elements {@code [fromElement, fromElement + count)} of a tensor into {@code dst[dstOff..]} as float32. */
    default void readFloats(TensorInfo tensor, long fromElement, float[] dst, int dstOff, int count) throws IOException {
        int size = tensor.dtype().byteSize();
        try (Arena window = Arena.ofConfined()) {
            MemorySegment bytes = map(tensor, fromElement * size, (long) count * size, window);
            FloatCodec.decode(tensor.dtype(), bytes, 0, dst, dstOff, count);
        }
    }

    @Override
    void close() throws IOException;
}
