package dev.skillmerge.checkpoint.torch;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.checkpoint.tensor.TensorFile;
import dev.skillmerge.checkpoint.tensor.TensorInfo;
import dev.skillmerge.checkpoint.torch.RestrictedUnpickler.TensorRef;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A legacy PyTorch checkpoint ({@code pytorch_model.bin}): the zip archive torch.save has written since
 * PyTorch 1.6, holding {@code <folder>/data.pkl} (the pickled state_dict) and one stored, uncompressed
 * entry {@code <folder>/data/<key>} per storage. The pickle is read by {@link RestrictedUnpickler}, which
 * never runs pickle code; each tensor then becomes a contiguous byte range of the .bin file itself, so
 * tensors are memory-mapped exactly like safetensors ones. Unlike safetensors, ranges may overlap: tied
 * weights share one storage. {@link TensorInfo#begin()} and {@code end()} are offsets from the start of
 * the file. Instances are safe to share between threads.
 */
public final class TorchCheckpoint implements TensorFile {
    public static final String FILE_NAME = "pytorch_model.bin";
    public static final String INDEX_FILE_NAME = "pytorch_model.bin.index.json";

    private static final String PICKLE = "data.pkl";
    private static final List<String> WRAPPER_KEYS = List.of("state_dict", "model");

    private final Path path;
    private final FileChannel channel;
    private final byte[] pickle;
    private final List<TensorInfo> tensors;

    private TorchCheckpoint(Path path, FileChannel channel, byte[] pickle, List<TensorInfo> tensors) {
        this.path = path;
        this.channel = channel;
        this.pickle = pickle;
        this.tensors = tensors;
    }

    public static TorchCheckpoint open(Path path) throws UserInputException, IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw refuse(path, "no such file");
        }
        try {
            ZipDirectory zip = ZipDirectory.read(path, channel);
            String folder = archiveFolder(path, zip);
            checkByteOrder(path, zip, folder);
            byte[] pickle = zip.readSmall(zip.entry(folder + PICKLE).orElseThrow());
            Map<?, ?> stateDict = stateDict(path, RestrictedUnpickler.load(path, pickle));
            List<TensorInfo> tensors = locate(path, zip, folder, stateDict);
            return new TorchCheckpoint(path, channel, pickle, tensors);
        } catch (UserInputException | IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The folder every entry sits in: "archive/" for torch.save, the file's stem for some older versions. */
    private static String archiveFolder(Path path, ZipDirectory zip) throws UserInputException {
        List<String> pickles = zip.entries().keySet().stream()
                .filter(name -> name.endsWith("/" + PICKLE) && name.indexOf('/') == name.length() - PICKLE.length() - 1)
                .toList();
        if (pickles.isEmpty()) {
            throw refuse(path, "zip archive has no <folder>/" + PICKLE
                    + ", so it is not a checkpoint written by torch.save");
        }
        if (pickles.size() > 1) {
            throw refuse(path, "zip archive holds " + pickles.size() + " pickles ("
                    + String.join(", ", pickles) + "); expected one checkpoint");
        }
        return pickles.getFirst().substring(0, pickles.getFirst().length() - PICKLE.length());
    }

    /** torch.save records the writer's byte order; tensors from a big-endian machine would read as garbage. */
    private static void checkByteOrder(Path path, ZipDirectory zip, String folder) throws UserInputException, IOException {
        var entry = zip.entry(folder + "byteorder");
        if (entry.isPresent()) {
            String order = new String(zip.readSmall(entry.get()), StandardCharsets.US_ASCII).strip();
            if (!order.equals("little")) {
                throw refuse(path, "was saved with byte order '" + order
                        + "'; only little-endian checkpoints are read");
            }
        }
    }

    /** The name-to-tensor dict: the pickle itself, or one nested under "state_dict" or "model" (training checkpoints). */
    private static Map<?, ?> stateDict(Path path, Object top) throws UserInputException {
        if (!(top instanceof Map<?, ?> dict)) {
            throw refuse(path, "pickle holds a " + RestrictedUnpickler.typeName(top)
                    + ", not a state_dict of tensors");
        }
        if (!dict.values().stream().allMatch(v -> v instanceof TensorRef)) {
            for (String key : WRAPPER_KEYS) {
                if (dict.get(key) instanceof Map<?, ?> inner) {
                    return inner;
                }
            }
        }
        return dict;
    }

    private static List<TensorInfo> locate(Path path, ZipDirectory zip, String folder, Map<?, ?> stateDict)
            throws UserInputException, IOException {
        Map<String, Long> dataOffsets = new HashMap<>();
        List<TensorInfo> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : stateDict.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw refuse(path, "state_dict has a key that is a "
                        + RestrictedUnpickler.typeName(e.getKey()) + ", not a tensor name");
            }
            if (!(e.getValue() instanceof TensorRef tensor)) {
                throw refuse(path, "state_dict entry '" + name + "' is a "
                        + RestrictedUnpickler.typeName(e.getValue()) + ", not a tensor");
            }
            out.add(locate(path, zip, folder, name, tensor, dataOffsets));
        }
        out.sort(Comparator.comparingLong(TensorInfo::begin));
        return List.copyOf(out);
    }

    private static TensorInfo locate(Path path, ZipDirectory zip, String folder, String name, TensorRef tensor,
                                     Map<String, Long> dataOffsets) throws UserInputException, IOException {
        String entryName = folder + "data/" + tensor.storage().key();
        ZipDirectory.Entry entry = zip.entry(entryName).orElseThrow(() -> refuse(path,
                "tensor '" + name + "' refers to storage " + entryName + ", which the zip archive does not hold"));
        if (entry.method() != ZipDirectory.STORED || entry.encrypted()) {
            throw refuse(path, "storage " + entryName + " of tensor '" + name + "' is compressed; torch.save"
                    + " stores tensor data uncompressed, so re-save the checkpoint or convert it to safetensors");
        }
        if (entry.size() != entry.compressedSize()) {
            throw refuse(path, "zip archive is damaged: stored entry " + entryName + " has two different sizes");
        }
        long elements;
        try {
            elements = Shape.of(tensor.size()).elementCount();
        } catch (ArithmeticException overflow) {
            throw refuse(path, "tensor '" + name + "' has more elements than fit in 64 bits");
        }
        if (!contiguous(tensor.size(), tensor.stride(), elements)) {
            throw refuse(path, "tensor '" + name + "' is not contiguous (size "
                    + Arrays.toString(tensor.size()) + ", stride " + Arrays.toString(tensor.stride())
                    + "); save tensor.contiguous() or convert the checkpoint to safetensors");
        }
        int itemSize = tensor.storage().dtype().byteSize();
        long available = entry.size() / itemSize;
        if (tensor.storageOffset() > available || elements > available - tensor.storageOffset()) {
            throw refuse(path, "tensor '" + name + "' needs elements [" + tensor.storageOffset() + ", "
                    + (tensor.storageOffset() + elements) + ") of storage " + entryName + ", which holds only "
                    + available + " " + tensor.storage().dtype() + " elements");
        }
        Long dataOffset = dataOffsets.get(entryName);
        if (dataOffset == null) {
            dataOffset = zip.dataOffset(entry);
            dataOffsets.put(entryName, dataOffset);
        }
        long begin = dataOffset + tensor.storageOffset() * itemSize;
        return new TensorInfo(name, tensor.storage().dtype(), Shape.of(tensor.size()), begin, begin + elements * itemSize);
    }

    /** Row-major, as torch's is_contiguous judges it: dimensions of size 1 may have any stride, empty tensors always are. */
    private static boolean contiguous(long[] size, long[] stride, long elements) {
        if (elements == 0) {
            return true;
        }
        long expected = 1;
        for (int i = size.length - 1; i >= 0; i--) {
            if (size[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= size[i];
        }
        return true;
    }

    /**
     * The one-line error for bad input. Names in the problem (tensors, zip entries, pickle globals) come
     * from the file, so control characters in them are escaped to keep the message on one line.
     */
    static UserInputException refuse(Path file, String problem) {
        StringBuilder line = new StringBuilder(problem.length());
        problem.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                line.append(String.format("\\u%04x", c));
            } else {
                line.appendCodePoint(c);
            }
        });
        return UserInputException.about(file, line.toString());
    }

    @Override
    public Path path() {
        return path;
    }

    /** Tensors in file order; tensors sharing a storage have overlapping ranges. */
    @Override
    public List<TensorInfo> tensors() {
        return tensors;
    }

    /** The raw bytes of {@code data.pkl}. */
    @Override
    public byte[] headerBytes() {
        return pickle.clone();
    }

    /** Tensor ranges of a PyTorch zip are absolute file offsets. */
    @Override
    public long fileOffset(TensorInfo tensor) {
        return tensor.begin();
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
