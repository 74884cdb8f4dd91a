package dev.skillmerge.runtime.llama2c;

import dev.skillmerge.checkpoint.UserInputException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A llama2.c model file (karpathy/llama2.c's export.py), read-only and memory-mapped. Two layouts:
 * <ul>
 *   <li>legacy (version 0): seven int32 (dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len;
 *       a negative vocab_size means an unshared classifier), then float32 token embeddings, rms_att, wq, wk,
 *       wv, wo, rms_ffn, w1, w2, w3, rms_final, freq_cis_real, freq_cis_imag and the classifier if unshared;</li>
 *   <li>version 1: a 256-byte header (uint32 magic "ak42", int32 version, the seven ints, uint8
 *       shared_classifier), then rms_att, rms_ffn, rms_final, token embeddings, wq, wk, wv, wo, w1, w2, w3 and
 *       the classifier if unshared.</li>
 * </ul>
 * Matrices are row-major [out, in] as in PyTorch; wq and wk keep llama2.c's interleaved RoPE pairing.
 */
public final class Llama2cCheckpoint implements AutoCloseable {
    static final int MAGIC = 0x616b3432;
    private static final int V1_HEADER_BYTES = 256;

    /** The shape of the model, as the header states it. */
    public record Header(Format format, int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocabSize, int seqLen,
                         boolean sharedClassifier) {
        public int headSize() {
            return dim / heads;
        }

        public int kvDim() {
            return kvHeads * headSize();
        }
    }

    public enum Format {
        LEGACY, V1
    }

    private final Path path;
    private final Header header;
    private final Arena arena;
    private final MemorySegment data;
    private final Map<String, long[]> segments; // name -> {float offset, float count}

    private Llama2cCheckpoint(Path path, Header header, Arena arena, MemorySegment data, Map<String, long[]> segments) {
        this.path = path;
        this.header = header;
        this.arena = arena;
        this.data = data;
        this.segments = segments;
    }

    public static Llama2cCheckpoint open(Path path) throws UserInputException, IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw UserInputException.about(path, "no such file");
        }
        Arena arena = Arena.ofShared();
        try (channel) {
            long size = channel.size();
            if (size < 28) {
                throw UserInputException.about(path, "is " + size + " bytes, too short for a llama2.c header");
            }
            MemorySegment file = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            Header header = readHeader(path, file);
            long start = header.format() == Format.V1 ? V1_HEADER_BYTES : 28;
            Map<String, long[]> segments = layout(header, start / 4);
            long expected = 4 * segments.values().stream().mapToLong(s -> s[0] + s[1]).max().orElseThrow();
            if (expected != size) {
                throw UserInputException.about(path, "is " + size + " bytes but its header (" + describe(header) + ") implies "
                        + expected + "; truncated, or not a llama2.c checkpoint?");
            }
            return new Llama2cCheckpoint(path, header, arena, file, segments);
        } catch (UserInputException | IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static Header readHeader(Path path, MemorySegment file) throws UserInputException {
        ValueLayout.OfInt le = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        int first = file.get(le, 0);
        Format format;
        int base;
        boolean shared;
        if (first == MAGIC) {
            int version = file.get(le, 4);
            if (version != 1) {
                throw UserInputException.about(path, "is a llama2.c version " + version + " checkpoint"
                        + (version == 2 ? " (int8-quantized)" : "") + "; only the legacy and version 1 (float32) formats are read:"
                        + " re-export with llama2.c's export.py --version 1");
            }
            if (file.byteSize() < V1_HEADER_BYTES) {
                throw UserInputException.about(path, "is too short for a version 1 header (256 bytes)");
            }
            format = Format.V1;
            base = 8;
            shared = file.get(ValueLayout.JAVA_BYTE, 36) != 0;
        } else {
            format = Format.LEGACY;
            base = 0;
            shared = file.get(le, 20) > 0;
        }
        int[] v = new int[7];
        for (int i = 0; i < 7; i++) {
            v[i] = file.get(le, base + 4L * i);
        }
        int vocab = Math.abs(v[5]);
        String[] names = {"dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads", "vocab_size", "seq_len"};
        for (int i = 0; i < 7; i++) {
            if ((i == 5 ? vocab : v[i]) < 1 || (i == 5 ? vocab : v[i]) > (1 << 24)) {
                throw UserInputException.about(path, "header field " + names[i] + " = " + v[i] + " is not a plausible size; not a llama2.c checkpoint?");
            }
        }
        if (v[0] % v[3] != 0 || v[3] % v[4] != 0 || (v[0] / v[3]) % 2 != 0) {
            throw UserInputException.about(path, "header dim " + v[0] + ", n_heads " + v[3] + ", n_kv_heads " + v[4]
                    + " do not split into whole, even-sized heads");
        }
        return new Header(format, v[0], v[1], v[2], v[3], v[4], vocab, v[6], shared);
    }

    private static Map<String, long[]> layout(Header h, long start) {
        long dim = h.dim();
        long layers = h.layers();
        long qDim = (long) h.heads() * h.headSize();
        Map<String, long[]> out = new LinkedHashMap<>();
        long[] cursor = {start};
        java.util.function.BiConsumer<String, Long> add = (name, count) -> {
            out.put(name, new long[] {cursor[0], count});
            cursor[0] += count;
        };
        if (h.format() == Format.LEGACY) {
            add.accept("tok_embeddings", h.vocabSize() * dim);
            add.accept("rms_att", layers * dim);
            addMatrices(add, h, qDim);
            add.accept("rms_ffn", layers * dim);
            addFfn(add, h);
            add.accept("rms_final", dim);
            add.accept("freq_cis_real", (long) h.seqLen() * h.headSize() / 2);
            add.accept("freq_cis_imag", (long) h.seqLen() * h.headSize() / 2);
        } else {
            add.accept("rms_att", layers * dim);
            add.accept("rms_ffn", layers * dim);
            add.accept("rms_final", dim);
            add.accept("tok_embeddings", h.vocabSize() * dim);
            addMatrices(add, h, qDim);
            addFfn(add, h);
        }
        if (!h.sharedClassifier()) {
            add.accept("output", h.vocabSize() * dim);
        }
        return out;
    }

    private static void addMatrices(java.util.function.BiConsumer<String, Long> add, Header h, long qDim) {
        long layers = h.layers();
        add.accept("wq", layers * h.dim() * qDim);
        add.accept("wk", layers * h.dim() * h.kvDim());
        add.accept("wv", layers * h.dim() * h.kvDim());
        add.accept("wo", layers * qDim * h.dim());
    }

    private static void addFfn(java.util.function.BiConsumer<String, Long> add, Header h) {
        long per = (long) h.dim() * h.hiddenDim();
        add.accept("w1", h.layers() * per);
        add.accept("w2", h.layers() * per);
        add.accept("w3", h.layers() * per);
    }

    private static String describe(Header h) {
        return "dim " + h.dim() + ", hidden_dim " + h.hiddenDim() + ", n_layers " + h.layers() + ", n_heads " + h.heads()
                + ", n_kv_heads " + h.kvHeads() + ", vocab_size " + h.vocabSize() + ", seq_len " + h.seqLen()
                + (h.sharedClassifier() ? ", shared classifier" : ", own classifier");
    }

    public Path path() {
        return path;
    }

    public Header header() {
        return header;
    }

    /**
     * Layer {@code layer}'s slice of a per-layer tensor (rms_att, wq, ..., w3), or the whole of a global one
     * (tok_embeddings, rms_final, output) when {@code layer} is -1.
     */
    public float[] read(String tensor, int layer) {
        long[] segment = segments.get(tensor);
        if (segment == null) {
            throw new IllegalArgumentException("no tensor " + tensor + " in " + path);
        }
        long count = layer < 0 ? segment[1] : segment[1] / header.layers();
        long offset = segment[0] + (layer < 0 ? 0 : layer * count);
        float[] out = new float[Math.toIntExact(count)];
        MemorySegment.copy(data, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), offset * 4, out, 0, out.length);
        return out;
    }

    @Override
    public void close() {
        arena.close();
    }
}
