package dev.skillmerge.merge.method;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A float32 tensor kept in a deleted-on-close temporary file (one thread at a time) rather than on the heap: the page cache
 * holds it, so iterative methods (Karcher mean) can keep a whole-tensor estimate without growing the
 * process's memory with the model size.
 */
public final class ScratchTensor implements AutoCloseable {
    private final FileChannel channel;

    public ScratchTensor(Path dir) throws IOException {
        Path file = Files.createTempFile(dir, "skillmerge-scratch", ".f32");
        this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
    }

    private ByteBuffer bytes = ByteBuffer.allocateDirect(0);

    private ByteBuffer buffer(int count) {
        if (bytes.capacity() < 4 * count) {
            bytes = ByteBuffer.allocateDirect(4 * count).order(ByteOrder.nativeOrder());
        }
        bytes.clear().limit(4 * count);
        return bytes;
    }

    public void write(long offset, float[] values, int count) throws IOException {
        ByteBuffer buffer = buffer(count);
        buffer.asFloatBuffer().put(values, 0, count);
        long position = 4 * offset;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    public void read(long offset, float[] values, int count) throws IOException {
        ByteBuffer buffer = buffer(count);
        long position = 4 * offset;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("scratch tensor read past its end");
            }
            position += n;
        }
        buffer.flip();
        buffer.asFloatBuffer().get(values, 0, count);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
