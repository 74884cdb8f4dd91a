package dev.skillmerge.checkpoint.torch;

import dev.skillmerge.checkpoint.UserInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The central directory of a zip archive, read by hand because {@link java.util.zip.ZipFile} does not
 * say where an entry's bytes start in the file, and memory-mapping a stored tensor needs exactly that.
 * Every offset and length read from the file is checked against the file size before use, so a damaged
 * archive gives a one-line {@link UserInputException} rather than an exception from deep inside.
 */
final class ZipDirectory {
    static final int STORED = 0;
    static final int DEFLATED = 8;

    /** A central directory or a pickle bigger than this is damage, not a checkpoint. */
    private static final long MAX_DIRECTORY_BYTES = 256L << 20;
    private static final long MAX_SMALL_ENTRY_BYTES = 512L << 20;
    /** Deflate cannot expand data by more than about 1032:1, so a bigger claimed size is damage. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_OF_DIRECTORY = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_END_OF_DIRECTORY = 0x06064b50;
    private static final long MAX_U16 = 0xFFFF;
    private static final long MAX_U32 = 0xFFFF_FFFFL;
    private static final int END_RECORD_BYTES = 22;

    /** One file of the archive, as the central directory describes it. */
    record Entry(String name, int flags, int method, long crc, long compressedSize, long size, long localHeaderOffset) {
        boolean encrypted() {
            return (flags & 1) != 0;
        }
    }

    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final Map<String, Entry> entries;

    private ZipDirectory(Path path, FileChannel channel, long fileSize, Map<String, Entry> entries) {
        this.path = path;
        this.channel = channel;
        this.fileSize = fileSize;
        this.entries = entries;
    }

    static ZipDirectory read(Path path, FileChannel channel) throws UserInputException, IOException {
        long size = channel.size();
        long endRecord = findEndRecord(path, channel, size);
        ByteBuffer end = readAt(channel, endRecord, END_RECORD_BYTES);
        long count = u16(end, 10);
        long directorySize = u32(end, 12);
        long directoryOffset = u32(end, 16);
        if (endRecord >= 20) {
            ByteBuffer locator = readAt(channel, endRecord - 20, 20);
            if (locator.getInt(0) == ZIP64_LOCATOR) {
                long zip64End = locator.getLong(8);
                if (zip64End < 0 || zip64End > endRecord - 56) {
                    throw damaged(path, "its zip64 end record lies outside the file");
                }
                ByteBuffer record = readAt(channel, zip64End, 56);
                if (record.getInt(0) != ZIP64_END_OF_DIRECTORY) {
                    throw damaged(path, "its zip64 end record is missing");
                }
                count = record.getLong(32);
                directorySize = record.getLong(40);
                directoryOffset = record.getLong(48);
            }
        }
        if (directorySize < 0 || directoryOffset < 0 || directorySize > MAX_DIRECTORY_BYTES
                || directoryOffset > endRecord - directorySize) {
            throw damaged(path, "its central directory lies outside the file");
        }
        ByteBuffer directory = readAt(channel, directoryOffset, (int) directorySize);
        Map<String, Entry> entries = parseDirectory(path, directory, count);
        return new ZipDirectory(path, channel, size, entries);
    }

    /** The end-of-central-directory record is the last thing in the file, before an optional comment. */
    private static long findEndRecord(Path path, FileChannel channel, long size) throws UserInputException, IOException {
        int tailLength = (int) Math.min(size, END_RECORD_BYTES + MAX_U16);
        ByteBuffer tail = readAt(channel, size - tailLength, tailLength);
        for (int i = tailLength - END_RECORD_BYTES; i >= 0; i--) {
            if (tail.getInt(i) == END_OF_DIRECTORY && i + END_RECORD_BYTES + u16(tail, i + 20) <= tailLength) {
                return size - tailLength + i;
            }
        }
        ByteBuffer head = readAt(channel, 0, (int) Math.min(size, 4));
        if (head.limit() == 4 && head.getInt(0) == LOCAL_HEADER) {
            throw TorchCheckpoint.refuse(path, "zip archive is truncated: it has no end-of-central-directory record");
        }
        if (head.limit() >= 1 && (head.get(0) & 0xFF) == 0x80) {
            throw TorchCheckpoint.refuse(path, "is a bare pickle (torch.save before PyTorch 1.6, or with"
                    + " _use_new_zipfile_serialization=False), which is not read; convert it to safetensors first");
        }
        throw TorchCheckpoint.refuse(path, "is not a zip archive, so not a PyTorch checkpoint written by torch.save");
    }

    private static Map<String, Entry> parseDirectory(Path path, ByteBuffer dir, long count) throws UserInputException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        int p = 0;
        for (long n = 0; n < count; n++) {
            if (p > dir.limit() - 46 || dir.getInt(p) != CENTRAL_HEADER) {
                throw damaged(path, "its central directory ends after " + n + " of " + count + " entries");
            }
            int nameLength = u16(dir, p + 28);
            int extraLength = u16(dir, p + 30);
            int commentLength = u16(dir, p + 32);
            int next = p + 46 + nameLength + extraLength + commentLength;
            if (next > dir.limit()) {
                throw damaged(path, "its central directory ends inside an entry");
            }
            byte[] nameBytes = new byte[nameLength];
            dir.get(p + 46, nameBytes);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            long[] sizes = {u32(dir, p + 24), u32(dir, p + 20), u32(dir, p + 42)};
            readZip64Extra(path, dir, p + 46 + nameLength, extraLength, sizes, name);
            Entry entry = new Entry(name, u16(dir, p + 8), u16(dir, p + 10), u32(dir, p + 16), sizes[1], sizes[0], sizes[2]);
            if (entries.putIfAbsent(name, entry) != null) {
                throw damaged(path, "it holds entry " + name + " twice");
            }
            p = next;
        }
        return entries;
    }

    /**
     * Zip64 keeps 64-bit sizes and offsets in an extra field, present only for those whose 32-bit slot
     * holds 0xFFFFFFFF, in the order uncompressed size, compressed size, local header offset.
     */
    private static void readZip64Extra(Path path, ByteBuffer dir, int start, int length, long[] sizes, String name)
            throws UserInputException {
        int p = start;
        int end = start + length;
        while (p + 4 <= end) {
            int id = u16(dir, p);
            int fieldLength = u16(dir, p + 2);
            int q = p + 4;
            if (q + fieldLength > end) {
                break;
            }
            if (id == 1) {
                for (int i = 0; i < sizes.length; i++) {
                    if (sizes[i] == MAX_U32) {
                        if (q + 8 > p + 4 + fieldLength) {
                            throw damaged(path, "the zip64 field of entry " + name + " is too short");
                        }
                        sizes[i] = dir.getLong(q);
                        q += 8;
                        if (sizes[i] < 0) {
                            throw damaged(path, "entry " + name + " has a negative zip64 size or offset");
                        }
                    }
                }
            }
            p += 4 + fieldLength;
        }
    }

    Map<String, Entry> entries() {
        return entries;
    }

    Optional<Entry> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /**
     * Where the entry's bytes start in the file: its local header is 30 bytes plus a name and an extra
     * field whose length may differ from the central directory's copy (torch.save pads it for alignment).
     */
    long dataOffset(Entry entry) throws UserInputException, IOException {
        long local = entry.localHeaderOffset();
        if (local > fileSize - 30) {
            throw damaged(path, "entry " + entry.name() + " starts past the end of the file");
        }
        ByteBuffer header = readAt(channel, local, 30);
        if (header.getInt(0) != LOCAL_HEADER) {
            throw damaged(path, "entry " + entry.name() + " has no local header where the directory says");
        }
        long data = local + 30 + u16(header, 26) + u16(header, 28);
        if (entry.compressedSize() > fileSize - data) {
            throw TorchCheckpoint.refuse(path, "zip entry " + entry.name() + " runs past the end of the file (truncated?)");
        }
        return data;
    }

    /** Reads a small entry (the pickle, the byte order marker) whole, inflating it if needed and checking its CRC. */
    byte[] readSmall(Entry entry) throws UserInputException, IOException {
        if (entry.encrypted()) {
            throw TorchCheckpoint.refuse(path, "zip entry " + entry.name() + " is encrypted");
        }
        if (entry.size() > MAX_SMALL_ENTRY_BYTES || entry.compressedSize() > MAX_SMALL_ENTRY_BYTES) {
            throw TorchCheckpoint.refuse(path, "zip entry " + entry.name() + " is " + entry.size()
                    + " bytes, too big to be a pickled state_dict");
        }
        ByteBuffer raw = readAt(channel, dataOffset(entry), (int) entry.compressedSize());
        byte[] bytes = switch (entry.method()) {
            case STORED -> {
                if (entry.size() != entry.compressedSize()) {
                    throw damaged(path, "stored entry " + entry.name() + " has two different sizes");
                }
                yield raw.array();
            }
            case DEFLATED -> {
                if (entry.size() > entry.compressedSize() * MAX_DEFLATE_RATIO + 64) {
                    throw damaged(path, "deflated entry " + entry.name() + " claims more bytes than deflate can expand to");
                }
                yield inflate(entry, raw.array());
            }
            default -> throw TorchCheckpoint.refuse(path, "zip entry " + entry.name() + " uses compression method "
                    + entry.method() + "; only stored and deflated entries are read");
        };
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (crc.getValue() != entry.crc()) {
            throw TorchCheckpoint.refuse(path, "zip entry " + entry.name() + " fails its CRC check (corrupt or truncated download?)");
        }
        return bytes;
    }

    private byte[] inflate(Entry entry, byte[] compressed) throws UserInputException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed);
            byte[] out = new byte[(int) entry.size()];
            int n = 0;
            while (n < out.length) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0) {
                    break;
                }
                n += got;
            }
            if (n != out.length) {
                throw damaged(path, "entry " + entry.name() + " inflates to fewer bytes than its directory says");
            }
            return out;
        } catch (DataFormatException e) {
            throw damaged(path, "entry " + entry.name() + " is not valid deflate data");
        } finally {
            inflater.end();
        }
    }

    private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.flip();
    }

    private static UserInputException damaged(Path path, String problem) {
        return TorchCheckpoint.refuse(path, "zip archive is damaged: " + problem);
    }

    private static int u16(ByteBuffer b, int at) {
        return b.getShort(at) & 0xFFFF;
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & MAX_U32;
    }
}
