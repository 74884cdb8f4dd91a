package dev.skillmerge.checkpoint.hf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.safetensors.SafetensorsFile;
import dev.skillmerge.checkpoint.tensor.TensorFile;
import dev.skillmerge.checkpoint.tensor.TensorInfo;
import dev.skillmerge.checkpoint.torch.TorchCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Hugging Face model folder (or a lone .safetensors file): config.json, single-file or sharded
 * safetensors weights (or a legacy pytorch_model.bin, read without running pickle code), and the
 * tokenizer and other files that travel with it. Opening validates every shard and the index against
 * each other; every tensor is then reachable by name.
 */
public final class ModelFolder implements AutoCloseable {
    public static final String CONFIG = "config.json";
    public static final String SINGLE_FILE = "model.safetensors";
    private static final Pattern HUB_ID = Pattern.compile("[A-Za-z0-9][\\w.-]*/[\\w.-]+");
    private static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer.model", "tokenizer_config.json");

    private final Path root;
    private final Optional<ModelConfig> config;
    private final List<TensorFile> files;
    private final List<Path> weightFiles;
    /** In {@link TensorNameOrder}, looked up by hash: a name comparison is slow next to a hash. */
    private final Map<String, StoredTensor> tensors;

    private ModelFolder(Path root, Optional<ModelConfig> config, List<TensorFile> files, List<Path> weightFiles,
                        Map<String, StoredTensor> tensors) {
        this.root = root;
        this.config = config;
        this.files = files;
        this.weightFiles = weightFiles;
        this.tensors = new LinkedHashMap<>(tensors);
    }

    public static ModelFolder open(Path path) throws UserInputException, IOException {
        if (!Files.exists(path)) {
            boolean parentExists = path.getParent() != null && Files.isDirectory(path.getParent());
            if (!path.isAbsolute() && HUB_ID.matcher(path.toString()).matches() && !path.toString().startsWith(".") && !parentExists) {
                throw UserInputException.about(path, "no such folder; it looks like a Hugging Face hub id: download it first"
                        + " (huggingface-cli download " + path + " --local-dir DIR) and pass the folder");
            }
            throw UserInputException.about(path, "no such file or folder");
        }
        if (Files.isRegularFile(path)) {
            if (path.getFileName().toString().endsWith(".bin")) {
                return fromFiles(path, Optional.empty(), List.of(path), true);
            }
            return fromFiles(path, Optional.empty(), List.of(path), false);
        }
        Optional<ModelConfig> config = Optional.empty();
        Path configFile = path.resolve(CONFIG);
        if (Files.isRegularFile(configFile)) {
            config = Optional.of(new ModelConfig((ObjectNode) Json.readObject(configFile)));
        }
        Path single = path.resolve(SINGLE_FILE);
        if (Files.isRegularFile(single)) {
            return fromFiles(path, config, List.of(single), false);
        }
        Path index = path.resolve(ShardIndex.FILE_NAME);
        if (Files.isRegularFile(index)) {
            return fromIndex(path, config, index);
        }
        List<Path> safetensors = listFiles(path, ".safetensors");
        if (safetensors.size() == 1) {
            return fromFiles(path, config, safetensors, false);
        }
        if (safetensors.size() > 1) {
            throw UserInputException.about(path, safetensors.size() + " .safetensors files but no " + ShardIndex.FILE_NAME
                    + " saying which holds what");
        }
        Path bin = path.resolve(TorchCheckpoint.FILE_NAME);
        if (Files.isRegularFile(bin)) {
            return fromFiles(path, config, List.of(bin), true);
        }
        if (Files.isRegularFile(path.resolve(TorchCheckpoint.INDEX_FILE_NAME))) {
            throw UserInputException.about(path, "sharded pytorch_model.bin checkpoints are not read; convert them to safetensors"
                    + " first (transformers: model.save_pretrained(dir, safe_serialization=True))");
        }
        throw UserInputException.about(path, "no model weights: expected " + SINGLE_FILE + ", " + ShardIndex.FILE_NAME
                + " or " + TorchCheckpoint.FILE_NAME);
    }

    private static ModelFolder fromFiles(Path root, Optional<ModelConfig> config, List<Path> paths, boolean torch)
            throws UserInputException, IOException {
        List<TensorFile> files = new ArrayList<>();
        Map<String, StoredTensor> tensors = new TreeMap<>(TensorNameOrder.INSTANCE);
        try {
            for (Path p : paths) {
                TensorFile file = torch ? TorchCheckpoint.open(p) : SafetensorsFile.open(p);
                files.add(file);
                for (TensorInfo t : file.tensors()) {
                    tensors.put(t.name(), new StoredTensor(file, t));
                }
            }
        } catch (UserInputException | IOException | RuntimeException e) {
            closeAll(files);
            throw e;
        }
        return new ModelFolder(root, config, files, paths, tensors);
    }

    private static ModelFolder fromIndex(Path root, Optional<ModelConfig> config, Path indexFile)
            throws UserInputException, IOException {
        ShardIndex index = ShardIndex.read(indexFile);
        if (index.weightMap().isEmpty()) {
            throw UserInputException.about(indexFile, "weight_map is empty");
        }
        List<String> shardNames = index.weightMap().values().stream().distinct().sorted().toList();
        List<TensorFile> files = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        Map<String, StoredTensor> tensors = new TreeMap<>(TensorNameOrder.INSTANCE);
        try {
            for (String shardName : shardNames) {
                Path shardPath = root.resolve(shardName);
                if (!Files.isRegularFile(shardPath)) {
                    String tensor = index.weightMap().entrySet().stream().filter(e -> e.getValue().equals(shardName))
                            .map(Map.Entry::getKey).findFirst().orElseThrow();
                    throw UserInputException.about(indexFile, "shard " + shardName + " (holding '" + tensor + "') is missing");
                }
                SafetensorsFile shard = SafetensorsFile.open(shardPath);
                files.add(shard);
                paths.add(shardPath);
                for (TensorInfo t : shard.tensors()) {
                    StoredTensor earlier = tensors.put(t.name(), new StoredTensor(shard, t));
                    if (earlier != null) {
                        throw UserInputException.about(root, "tensor '" + t.name() + "' is stored in both "
                                + earlier.file().path().getFileName() + " and " + shardName);
                    }
                    String listed = index.weightMap().get(t.name());
                    if (listed == null) {
                        throw UserInputException.about(indexFile, "does not list tensor '" + t.name() + "' that " + shardName + " holds");
                    }
                    if (!listed.equals(shardName)) {
                        throw UserInputException.about(indexFile, "maps '" + t.name() + "' to " + listed + " but it is stored in " + shardName);
                    }
                }
            }
            for (Map.Entry<String, String> e : index.weightMap().entrySet()) {
                if (!tensors.containsKey(e.getKey())) {
                    throw UserInputException.about(indexFile, "maps '" + e.getKey() + "' to " + e.getValue() + ", which does not contain it");
                }
            }
        } catch (UserInputException | IOException | RuntimeException e) {
            closeAll(files);
            throw e;
        }
        List<Path> weightFiles = new ArrayList<>(paths);
        weightFiles.add(indexFile);
        return new ModelFolder(root, config, files, weightFiles, tensors);
    }

    private static List<Path> listFiles(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p)).sorted().toList();
        }
    }

    private static void closeAll(List<TensorFile> files) throws IOException {
        for (TensorFile f : files) {
            f.close();
        }
    }

    /** The folder, or the lone weights file when a file was opened. */
    public Path root() {
        return root;
    }

    public boolean isFolder() {
        return Files.isDirectory(root);
    }

    public Optional<ModelConfig> config() {
        return config;
    }

    /** Every tensor, embeddings first, layers in numeric order, the head last. */
    public List<StoredTensor> tensors() {
        return List.copyOf(tensors.values());
    }

    public Optional<StoredTensor> tensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    public boolean isSharded() {
        return weightFiles.size() > 1;
    }

    /** The weight files (shards and index, or the single file). */
    public List<Path> weightFiles() {
        return List.copyOf(weightFiles);
    }

    public boolean isLegacyPytorch() {
        return files.stream().anyMatch(f -> f instanceof TorchCheckpoint);
    }

    public long totalBytes() {
        return tensors.values().stream().mapToLong(StoredTensor::byteLength).sum();
    }

    /** Tied when the config says so, or when there is an input embedding but no separate head. */
    public boolean tiedEmbeddings() {
        if (config.map(ModelConfig::tieWordEmbeddings).orElse(false)) {
            return true;
        }
        boolean hasEmbedding = tensors.keySet().stream().anyMatch(n -> n.endsWith("embed_tokens.weight"));
        return hasEmbedding && !tensors.containsKey("lm_head.weight");
    }

    public boolean hasTokenizer() {
        return isFolder() && TOKENIZER_FILES.stream().anyMatch(f -> Files.isRegularFile(root.resolve(f)));
    }

    /**
     * Files that travel with the weights unchanged (tokenizer files, generation_config.json, model card,
     * ...): the folder's top-level regular files other than weights, indexes and config.json.
     */
    public List<Path> tagAlongFiles() throws IOException {
        if (!isFolder()) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !isWeightsOrConfig(p.getFileName().toString())).sorted().toList();
        }
    }

    private static boolean isWeightsOrConfig(String name) {
        return name.equals(CONFIG) || name.endsWith(".safetensors") || name.endsWith(".safetensors.index.json")
                || name.endsWith(".bin") || name.endsWith(".bin.index.json") || name.endsWith(".pt") || name.endsWith(".pth");
    }

    /** How many evenly spaced blocks of each file's tensor data the fingerprint reads. */
    static final int FINGERPRINT_BLOCKS = 64;
    static final int FINGERPRINT_BLOCK_BYTES = 4096;

    /**
     * sha256 over the weight files' names, headers and 64 evenly spaced 4 KB blocks of their tensor data
     * (all of it when smaller): identifies the exact weights while reading at most 256 KB per file. The
     * headers alone would not tell two fine-tunings of one model apart; their data differs nearly
     * everywhere, so the samples do. Model cards, task vectors and sweep resume keys record it.
     */
    public String fingerprint() throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (TensorFile f : files) {
                sha.update(f.path().getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(f.headerBytes());
                sampleData(f, sha);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sampleData(TensorFile f, MessageDigest sha) throws IOException {
        long start = Long.MAX_VALUE;
        long end = 0;
        for (TensorInfo t : f.tensors()) {
            start = Math.min(start, f.fileOffset(t));
            end = Math.max(end, f.fileOffset(t) + t.byteLength());
        }
        if (end <= start) {
            return;
        }
        long length = end - start;
        java.nio.ByteBuffer block = java.nio.ByteBuffer.allocate(FINGERPRINT_BLOCK_BYTES);
        long blocks = Math.min(FINGERPRINT_BLOCKS, (length + FINGERPRINT_BLOCK_BYTES - 1) / FINGERPRINT_BLOCK_BYTES);
        for (long i = 0; i < blocks; i++) {
            long at = blocks == 1 ? start : start + (length - FINGERPRINT_BLOCK_BYTES) * i / Math.max(1, blocks - 1);
            at = Math.max(start, at);
            block.clear().limit((int) Math.min(FINGERPRINT_BLOCK_BYTES, end - at));
            while (block.hasRemaining()) {
                if (f.channel().read(block, at + block.position()) < 0) {
                    break;
                }
            }
            block.flip();
            sha.update(block);
        }
    }

    @Override
    public void close() throws IOException {
        closeAll(files);
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
