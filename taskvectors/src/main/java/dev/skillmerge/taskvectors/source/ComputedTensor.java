package dev.skillmerge.taskvectors.source;

import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.dtype.FloatCodec;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.stream.Chunks;
import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.checkpoint.tensor.TensorFile;
import dev.skillmerge.checkpoint.tensor.TensorInfo;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * A tensor whose values are computed when read instead of stored: a model tensor with a LoRA adapter
 * merged in, or the zero tensor. It is a {@link TensorFile}, so the merge engine, the converter and the
 * writers read it like any stored tensor (mapped windows, kernel-side copies) and nothing is written to
 * disk first. Values are computed in float32 and encoded to the tensor's dtype, so a reader sees exactly
 * what writing the tensor out and reading it back would give.
 */
public abstract class ComputedTensor implements TensorFile {
    private static final ThreadLocal<float[]> VALUES = ThreadLocal.withInitial(() -> new float[Chunks.ELEMENTS]);

    private final Path origin;
    private final TensorInfo info;

    /** @param origin the file the values derive from, named in messages */
    protected ComputedTensor(Path origin, String name, DType dtype, Shape shape) {
        this.origin = origin;
        this.info = new TensorInfo(name, dtype, shape, 0, Math.multiplyExact(shape.elementCount(), dtype.byteSize()));
    }

    /** This tensor as the merge engine and the writers take tensors. */
    public StoredTensor asStored() {
        return new StoredTensor(this, info);
    }

    /** Computes elements {@code [fromElement, fromElement + count)} as float32 into {@code dst[0..count)}; count is at most one chunk. */
    protected abstract void compute(long fromElement, float[] dst, int count) throws IOException;

    @Override
    public MemorySegment map(TensorInfo tensor, long fromByte, long length, Arena arena) throws IOException {
        int size = info.dtype().byteSize();
        if (!tensor.equals(info) || fromByte % size != 0 || length % size != 0 || fromByte < 0 || fromByte + length > info.byteLength()) {
            throw new IndexOutOfBoundsException("bytes " + fromByte + "+" + length + " of computed tensor " + info.name());
        }
        MemorySegment bytes = arena.allocate(Math.max(length, 1), 64).asSlice(0, length);
        long first = fromByte / size;
        long count = length / size;
        float[] values = VALUES.get();
        for (long done = 0; done < count; done += Chunks.ELEMENTS) {
            int n = (int) Math.min(Chunks.ELEMENTS, count - done);
            compute(first + done, values, n);
            FloatCodec.encode(info.dtype(), values, 0, n, bytes, done * size);
        }
        return bytes;
    }

    /** Writes the computed bytes chunk by chunk: what a kernel-side copy is for a stored tensor. */
    @Override
    public void transferTo(TensorInfo tensor, WritableByteChannel target) throws IOException {
        long n = info.elementCount();
        int size = info.dtype().byteSize();
        for (int c = 0; c < Chunks.count(n); c++) {
            try (Arena arena = Arena.ofConfined()) {
                var view = map(tensor, Chunks.start(c) * size, (long) Chunks.length(n, c) * size, arena).asByteBuffer();
                while (view.hasRemaining()) {
                    target.write(view);
                }
            }
        }
    }

    @Override
    public Path path() {
        return origin;
    }

    @Override
    public List<TensorInfo> tensors() {
        return List.of(info);
    }

    /** Nothing is stored, so there is no header to fingerprint. */
    @Override
    public byte[] headerBytes() {
        return new byte[0];
    }

    @Override
    public long fileOffset(TensorInfo tensor) {
        throw new UnsupportedOperationException(info.name() + " is computed, not stored in a file");
    }

    @Override
    public FileChannel channel() {
        throw new UnsupportedOperationException(info.name() + " is computed, not stored in a file");
    }

    @Override
    public void close() {
        // nothing is held open: the tensors values derive from belong to their own, still open, folders
    }
}
