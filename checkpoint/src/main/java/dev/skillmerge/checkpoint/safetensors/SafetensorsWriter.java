package dev.skillmerge.checkpoint.safetensors;

import dev.skillmerge.checkpoint.tensor.TensorInfo;
import dev.skillmerge.checkpoint.tensor.TensorSpec;


import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one safetensors file whose tensors are known up front (names, dtypes, shapes), so the header
 * can be written first and every tensor gets a fixed byte range; tensor data then streams in, one chunk
 * at a time, never the whole file in memory. The header is padded with spaces to a multiple of 8 bytes
 * so that every tensor starts 8-byte aligned, as the reference writer does.
 */
public final class SafetensorsWriter implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> planned = new LinkedHashMap<>();

    private SafetensorsWriter(Path path, FileChannel channel, long dataStart, List<TensorInfo> tensors) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        for (TensorInfo t : tensors) {
            planned.put(t.name(), t);
        }
    }

    /** Creates {@code path} (which must not exist), lays out the tensors in the given order and writes the header. */
    public static SafetensorsWriter create(Path path, List<TensorSpec> specs, Map<String, String> metadata) throws IOException {
        List<TensorInfo> tensors = new ArrayList<>(specs.size());
        long offset = 0;
        for (TensorSpec s : specs) {
            long end = offset + s.byteLength();
            tensors.add(new TensorInfo(s.name(), s.dtype(), s.shape(), offset, end));
            offset = end;
        }
        byte[] json = SafetensorsHeader.toJson(tensors, metadata);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            while (head.hasRemaining()) {
                channel.write(head, head.position());
            }
            return new SafetensorsWriter(path, channel, 8L + padded, tensors);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public List<TensorInfo> tensors() {
        return List.copyOf(planned.values());
    }

    public boolean contains(String name) {
        return planned.containsKey(name);
    }

    /** The output range of a planned tensor. Each tensor should be opened once and filled completely. */
    public TensorOutput open(String name) throws IOException {
        TensorInfo t = planned.get(name);
        if (t == null) {
            throw new IllegalArgumentException("tensor " + name + " is not planned in " + path);
        }
        return new TensorOutput(path, t, dataStart + t.begin());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
