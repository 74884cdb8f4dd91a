package dev.skillmerge.checkpoint.safetensors;

import dev.skillmerge.checkpoint.dtype.FloatCodec;
import dev.skillmerge.checkpoint.dtype.HalfTranscoder;
import dev.skillmerge.checkpoint.tensor.TensorFile;
import dev.skillmerge.checkpoint.tensor.TensorInfo;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The byte range of one tensor in a file being written, filled front to back by one thread. It has its
 * own file handle positioned at the tensor's planned offset, so different tensors of the same file can
 * be filled concurrently from different threads.
 */
public final class TensorOutput implements AutoCloseable {
    private final TensorInfo tensor;
    private final FileChannel channel;
    private final EarlyWriteback writeback;
    private final long fileOffset;
    private long written;
    private Arena arena;
    private MemorySegment buffer;

    TensorOutput(Path file, TensorInfo tensor, long fileOffset) throws IOException {
        this.tensor = tensor;
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
        this.channel.position(fileOffset);
        this.fileOffset = fileOffset;
        this.writeback = EarlyWriteback.of(file);
    }

    public TensorInfo tensor() {
        return tensor;
    }

    /** Appends raw bytes, already in this tensor's dtype and little-endian. */
    public void writeBytes(MemorySegment bytes) throws IOException {
        checkRoom(bytes.byteSize());
        var view = bytes.asByteBuffer();
        while (view.hasRemaining()) {
            channel.write(view);
        }
        writeback.start(fileOffset + written, bytes.byteSize());
        written += bytes.byteSize();
    }

    /** Appends {@code count} float32 values, encoded to this tensor's dtype (round to nearest, ties to even). */
    public void writeFloats(float[] values, int offset, int count) throws IOException {
        MemorySegment chunk = buffer((long) count * tensor.dtype().byteSize());
        FloatCodec.encode(tensor.dtype(), values, offset, count, chunk, 0);
        writeBytes(chunk);
    }

    /** Appends {@code count} elements of the other 16-bit float dtype, converted by {@code transcoder}. */
    public void writeTranscoded(HalfTranscoder transcoder, MemorySegment source, int count) throws IOException {
        MemorySegment chunk = buffer((long) count * tensor.dtype().byteSize());
        transcoder.transcode(source, chunk, count);
        writeBytes(chunk);
    }

    private MemorySegment buffer(long bytes) {
        if (buffer == null || buffer.byteSize() < bytes) {
            releaseBuffer();
            arena = Arena.ofConfined();
            buffer = arena.allocate(bytes, 64);
        }
        return buffer.asSlice(0, bytes);
    }

    /** Fills the whole tensor with another tensor's stored bytes, copied inside the kernel. Same dtype and size only. */
    public void copyFrom(TensorFile file, TensorInfo source) throws IOException {
        if (source.dtype() != tensor.dtype() || source.byteLength() != tensor.byteLength() || written != 0) {
            throw new IllegalArgumentException("cannot copy " + source + " into " + tensor);
        }
        file.transferTo(source, channel);
        writeback.start(fileOffset, source.byteLength());
        written = source.byteLength();
    }

    private void checkRoom(long bytes) {
        if (written + bytes > tensor.byteLength()) {
            throw new IllegalStateException("writing past the end of tensor " + tensor.name());
        }
    }

    public long bytesWritten() {
        return written;
    }

    private void releaseBuffer() {
        if (arena != null) {
            arena.close();
            arena = null;
            buffer = null;
        }
    }

    /** Releases the file handle and encode buffer; the tensor must be complete by then. */
    @Override
    public void close() throws IOException {
        releaseBuffer();
        writeback.close();
        channel.close();
        if (written != tensor.byteLength()) {
            throw new IllegalStateException("tensor " + tensor.name() + " got " + written + " of " + tensor.byteLength() + " bytes");
        }
    }
}
