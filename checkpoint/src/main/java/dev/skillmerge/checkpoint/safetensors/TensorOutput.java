package dev.skillmerge.checkpoint.safetensors;

import dev.skillmerge.checkpoint.tensor.TensorInfo;


import dev.skillmerge.checkpoint.dtype.FloatCodec;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;

/**
 * The byte range of one tensor in a file being written, filled front to back in chunks by one thread.
 * Different tensors of the same file may be filled concurrently from different threads: each writes
 * only to its own, pre-planned range with positional writes.
 */
public final class TensorOutput implements AutoCloseable {
    private final FileChannel channel;
    private final TensorInfo tensor;
    private final long fileOffset;
    private long written;
    private Arena arena;
    private MemorySegment buffer;

    TensorOutput(FileChannel channel, TensorInfo tensor, long fileOffset) {
        this.channel = channel;
        this.tensor = tensor;
        this.fileOffset = fileOffset;
    }

    public TensorInfo tensor() {
        return tensor;
    }

    /** Appends raw bytes, already in this tensor's dtype and little-endian. */
    public void writeBytes(MemorySegment bytes) throws IOException {
        if (written + bytes.byteSize() > tensor.byteLength()) {
            throw new IllegalStateException("writing past the end of tensor " + tensor.name());
        }
        var view = bytes.asByteBuffer();
        long position = fileOffset + written;
        while (view.hasRemaining()) {
            position += channel.write(view, position);
        }
        written += bytes.byteSize();
    }

    /** Appends {@code count} float32 values, encoded to this tensor's dtype (round to nearest, ties to even). */
    public void writeFloats(float[] values, int offset, int count) throws IOException {
        long bytes = (long) count * tensor.dtype().byteSize();
        if (buffer == null || buffer.byteSize() < bytes) {
            if (arena != null) {
                arena.close();
            }
            arena = Arena.ofConfined();
            buffer = arena.allocate(bytes, 64);
        }
        MemorySegment chunk = buffer.asSlice(0, bytes);
        FloatCodec.encode(tensor.dtype(), values, offset, count, chunk, 0);
        writeBytes(chunk);
    }

    public long bytesWritten() {
        return written;
    }

    /** Releases the encode buffer; the tensor must be complete by then. */
    @Override
    public void close() {
        if (arena != null) {
            arena.close();
            arena = null;
            buffer = null;
        }
        if (written != tensor.byteLength()) {
            throw new IllegalStateException("tensor " + tensor.name() + " got " + written + " of " + tensor.byteLength() + " bytes");
        }
    }
}
