package dev.skillmerge.checkpoint.tensor;

import dev.skillmerge.checkpoint.dtype.FloatCodec;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Reads one tensor front to back as float32 through a sliding memory-mapped window. A window of
 * {@link #WINDOW_BYTES} amortizes the cost of mapping (one mmap per 32 MB instead of per chunk) while
 * bounding what the read adds to the resident set; the window is unmapped when it moves on and on
 * {@link #close()}. One reader per thread.
 */
public final class TensorReader implements AutoCloseable {
    public static final long WINDOW_BYTES = 32L << 20;

    private final TensorFile file;
    private final TensorInfo tensor;
    private final int elementSize;
    private Arena arena;
    private MemorySegment window;
    private long windowStart;

    public TensorReader(TensorFile file, TensorInfo tensor) {
        this.file = file;
        this.tensor = tensor;
        this.elementSize = tensor.dtype().byteSize();
    }

    public TensorInfo tensor() {
        return tensor;
    }

    /** Decodes elements {@code [fromElement, fromElement + count)} into {@code dst[dstOff..]}. */
    public void read(long fromElement, float[] dst, int dstOff, int count) throws IOException {
        FloatCodec.decode(tensor.dtype(), bytes(fromElement, count), 0, dst, dstOff, count);
    }

    /**
     * The stored bytes of elements {@code [fromElement, fromElement + count)}, as a view of the mapped
     * window: valid until the next read or {@link #close()}.
     */
    public MemorySegment bytes(long fromElement, int count) throws IOException {
        long from = fromElement * elementSize;
        long length = (long) count * elementSize;
        if (window == null || from < windowStart || from + length > windowStart + window.byteSize()) {
            moveWindow(from, length);
        }
        return window.asSlice(from - windowStart, length);
    }

    private void moveWindow(long from, long length) throws IOException {
        close();
        long size = Math.min(Math.max(WINDOW_BYTES, length), tensor.byteLength() - from);
        arena = Arena.ofConfined();
        window = file.map(tensor, from, size, arena);
        windowStart = from;
    }

    @Override
    public void close() {
        if (arena != null) {
            arena.close();
            arena = null;
            window = null;
        }
    }
}
