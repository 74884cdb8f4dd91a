package dev.skillmerge.checkpoint.inspect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.ByteSize;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelConfig;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code skillmerge inspect} reports about a model: architecture, size, dtypes, shards, tokenizer. */
public record ModelSummary(
        String path,
        String modelType,
        List<String> architectures,
        Integer layers,
        Integer hiddenSize,
        Integer vocabSize,
        long parameters,
        long bytes,
        Map<DType, Long> parametersByDtype,
        List<ShardEntry> shards,
        boolean tiedEmbeddings,
        boolean tokenizer,
        List<TensorEntry> tensors) {

    public record ShardEntry(String file, long bytes) {
    }

    public record TensorEntry(String name, DType dtype, long[] shape, long parameters, long bytes, String file) {
    }

    public static ModelSummary of(ModelFolder model) throws IOException {
        Map<DType, Long> byDtype = new EnumMap<>(DType.class);
        long parameters = 0;
        for (StoredTensor t : model.tensors()) {
            byDtype.merge(t.dtype(), t.elementCount(), Long::sum);
            parameters += t.elementCount();
        }
        List<ShardEntry> shards = model.weightFiles().stream().map(p -> new ShardEntry(p.getFileName().toString(), size(p))).toList();
        List<TensorEntry> tensors = model.tensors().stream().map(t -> new TensorEntry(t.name(), t.dtype(), t.shape().dims(),
                t.elementCount(), t.byteLength(), t.file().path().getFileName().toString())).toList();
        ModelConfig config = model.config().orElse(null);
        return new ModelSummary(
                model.root().toString(),
                config == null ? null : config.modelType().orElse(null),
                config == null ? List.of() : config.architectures(),
                config == null ? null : boxed(config.numHiddenLayers()),
                config == null ? null : boxed(config.hiddenSize()),
                config == null ? null : boxed(config.vocabSize()),
                parameters, model.totalBytes(), byDtype, shards, model.tiedEmbeddings(), model.hasTokenizer(), tensors);
    }

    private static Integer boxed(java.util.OptionalInt v) {
        return v.isPresent() ? v.getAsInt() : null;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    public ObjectNode toJson(boolean withTensors) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("path", path);
        o.put("model_type", modelType);
        ArrayNode arch = o.putArray("architectures");
        architectures.forEach(arch::add);
        o.put("num_hidden_layers", layers);
        o.put("hidden_size", hiddenSize);
        o.put("vocab_size", vocabSize);
        o.put("parameters", parameters);
        o.put("bytes", bytes);
        ObjectNode dtypes = o.putObject("parameters_by_dtype");
        parametersByDtype.forEach((d, n) -> dtypes.put(d.name(), n));
        ArrayNode shardArray = o.putArray("files");
        shards.forEach(s -> shardArray.addObject().put("file", s.file()).put("bytes", s.bytes()));
        o.put("tied_embeddings", tiedEmbeddings);
        o.put("tokenizer", tokenizer);
        if (withTensors) {
            ArrayNode t = o.putArray("tensors");
            for (TensorEntry e : tensors) {
                ObjectNode n = t.addObject();
                n.put("name", e.name()).put("dtype", e.dtype().name());
                ArrayNode shape = n.putArray("shape");
                for (long d : e.shape()) {
                    shape.add(d);
                }
                n.put("parameters", e.parameters()).put("bytes", e.bytes()).put("file", e.file());
            }
        }
        return o;
    }

    public String toText(boolean withTensors) {
        StringBuilder s = new StringBuilder();
        s.append("model          ").append(path).append('\n');
        s.append("architecture   ").append(architectures.isEmpty() ? "(no config.json)" : String.join(", ", architectures))
                .append(modelType == null ? "" : " (" + modelType + ")").append('\n');
        if (layers != null || hiddenSize != null || vocabSize != null) {
            s.append("shape          ").append(layers).append(" layers, hidden ").append(hiddenSize).append(", vocab ").append(vocabSize).append('\n');
        }
        s.append("parameters     ").append(String.format(Locale.ROOT, "%,d", parameters)).append(" (").append(humanCount(parameters)).append(")\n");
        s.append("bytes          ").append(String.format(Locale.ROOT, "%,d", bytes)).append(" (").append(ByteSize.format(bytes)).append(")\n");
        s.append("dtypes         ");
        parametersByDtype.forEach((d, n) -> s.append(d.name()).append(' ')
                .append(String.format(Locale.ROOT, "%.1f%%", 100.0 * n / Math.max(parameters, 1))).append("  "));
        s.append('\n');
        s.append("files          ").append(shards.size()).append(shards.size() == 1 ? " (" + shards.getFirst().file() + ")" : "").append('\n');
        if (shards.size() > 1) {
            for (ShardEntry e : shards) {
                s.append("  ").append(e.file()).append("  ").append(ByteSize.format(e.bytes())).append('\n');
            }
        }
        s.append("tied embedding ").append(tiedEmbeddings ? "yes" : "no").append('\n');
        s.append("tokenizer      ").append(tokenizer ? "yes" : "no").append('\n');
        if (withTensors) {
            int width = tensors.stream().mapToInt(t -> t.name().length()).max().orElse(4);
            s.append('\n').append(String.format(Locale.ROOT, "%-" + width + "s  %-7s  %-20s  %12s  %s%n", "name", "dtype", "shape", "parameters", "file"));
            for (TensorEntry e : tensors) {
                s.append(String.format(Locale.ROOT, "%-" + width + "s  %-7s  %-20s  %12d  %s%n", e.name(), e.dtype(),
                        java.util.Arrays.toString(e.shape()), e.parameters(), e.file()));
            }
        }
        return s.toString();
    }

    static String humanCount(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2fB", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        }
        if (n >= 1_000L) {
            return String.format(Locale.ROOT, "%.1fK", n / 1e3);
        }
        return Long.toString(n);
    }
}
