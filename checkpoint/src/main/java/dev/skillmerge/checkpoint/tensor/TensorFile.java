package dev.skillmerge.checkpoint.tensor;

import dev.skillmerge.checkpoint.dtype.FloatCodec;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
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

    /** Where a tensor's first byte lies in the file. */
    long fileOffset(TensorInfo tensor);

    /** The file, open read-only. */
    FileChannel channel();

    /** Maps {@code length} bytes of a tensor starting {@code fromByte} bytes into it, for as long as {@code arena} lives. */
    default MemorySegment map(TensorInfo tensor, long fromByte, long length, Arena arena) throws IOException {
        if (fromByte < 0 || length < 0 || fromByte + length > tensor.byteLength()) {
            throw new IndexOutOfBoundsException("bytes " + fromByte + "+" + length + " of " + tensor.name());
        }
        if (length == 0) {
            return MemorySegment.ofArray(new byte[0]); // an empty range needs no mapping
        }
        return channel().map(FileChannel.MapMode.READ_ONLY, fileOffset(tensor) + fromByte, length, arena);
    }

    /**
     * Copies a tensor's stored bytes to {@code target} at its current position, inside the kernel
     * (copy_file_range / sendfile): the fastest way to copy a tensor whose dtype does not change.
     */
    default void transferTo(TensorInfo tensor, WritableByteChannel target) throws IOException {
        long start = fileOffset(tensor);
        long done = 0;
        while (done < tensor.byteLength()) {
            long n = channel().transferTo(start + done, tensor.byteLength() - done, target);
            if (n <= 0) {
                throw new java.io.EOFException(path() + ": tensor " + tensor.name() + " ends early");
            }
            done += n;
        }
    }

    /**
     * Decodes elements {@code [fromElement, fromElement + count)} of a tensor into {@code dst[dstOff..]}
     * as float32, mapping just that range. For sequential reads of a large tensor, {@link TensorReader}
     * maps larger windows and is faster.
     */
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
