package dev.skillmerge.checkpoint.safetensors;

import dev.skillmerge.checkpoint.tensor.TensorFile;
import dev.skillmerge.checkpoint.tensor.TensorInfo;

import dev.skillmerge.checkpoint.UserInputException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An open, validated safetensors file. Tensor bytes are reached by memory-mapping (FFM) only the range
 * asked for, so files and single tensors over 2 GB work and reading a tensor in chunks keeps the
 * resident set at one chunk: each window is unmapped when its arena closes. The file is opened read-only;
 * instances are safe to share between threads.
 */
public final class SafetensorsFile implements TensorFile, AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final SafetensorsHeader header;
    private final byte[] headerBytes;
    private final long dataStart;
    private final Map<String, TensorInfo> byName = new LinkedHashMap<>();

    private SafetensorsFile(Path path, FileChannel channel, SafetensorsHeader header, byte[] headerBytes, long dataStart) {
        this.path = path;
        this.channel = channel;
        this.header = header;
        this.headerBytes = headerBytes;
        this.dataStart = dataStart;
        for (TensorInfo t : header.tensors()) {
            byName.put(t.name(), t);
        }
    }

    public static SafetensorsFile open(Path path) throws UserInputException, IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw UserInputException.about(path, "no such file");
        }
        try {
            long size = channel.size();
            if (size < 8) {
                throw UserInputException.about(path, "file is " + size + " bytes, too short for a safetensors header");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength < 0 || headerLength > SafetensorsHeader.MAX_HEADER_BYTES) {
                throw UserInputException.about(path, "header length " + Long.toUnsignedString(headerLength)
                        + " is absurd (limit " + SafetensorsHeader.MAX_HEADER_BYTES + " bytes); not a safetensors file?");
            }
            if (8 + headerLength > size) {
                throw UserInputException.about(path, "header length " + headerLength + " runs past the end of the "
                        + size + "-byte file (truncated?)");
            }
            ByteBuffer json = ByteBuffer.allocate((int) headerLength);
            readFully(channel, json, 8);
            long dataStart = 8 + headerLength;
            SafetensorsHeader header = SafetensorsHeader.parse(path, json.array(), size - dataStart);
            return new SafetensorsFile(path, channel, header, json.array(), dataStart);
        } catch (UserInputException | IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new java.io.EOFException();
            }
        }
    }

    @Override
    public Path path() {
        return path;
    }

    /** Tensors in data-section order. */
    @Override
    public List<TensorInfo> tensors() {
        return header.tensors();
    }

    public Optional<TensorInfo> tensor(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** The raw JSON header bytes, as stored. */
    @Override
    public byte[] headerBytes() {
        return headerBytes.clone();
    }

    public long dataStart() {
        return dataStart;
    }

    /** Maps the whole tensor, read-only, for as long as {@code arena} lives. */
    public MemorySegment map(TensorInfo tensor, Arena arena) throws IOException {
        return map(tensor, 0, tensor.byteLength(), arena);
    }

    /** Safetensors offsets are relative to the data section, which starts after the header. */
    @Override
    public long fileOffset(TensorInfo tensor) {
        return dataStart + tensor.begin();
    }

    @Override
    public FileChannel channel() {
        return channel;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
