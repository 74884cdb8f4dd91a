package dev.skillmerge.finetune.init;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelConfig;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.WeightsWriter;
import dev.skillmerge.checkpoint.rng.PositionalRandom;
import dev.skillmerge.checkpoint.safetensors.TensorOutput;
import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.checkpoint.tensor.TensorSpec;
import dev.skillmerge.runtime.model.LlamaConfig;
import dev.skillmerge.runtime.model.LlamaWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A new Llama model with random weights, initialized as transformers' LlamaPreTrainedModel does: every
 * projection and the embedding from N(0, initializer_range^2), biases at 0, RMSNorm weights at 1. The
 * values of a tensor depend only on the seed and its name. The config may be a subset of an HF
 * config.json; the rest takes transformers' LlamaConfig defaults, and with a tokenizer source the vocabulary
 * size and special token ids come from that model.
 */
public final class RandomInit {
    /** Files copied from --tokenizer-from: the tokenizer and how generation ends. */
    static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
            "tokenizer.model", "generation_config.json");
    private static final Set<String> REQUIRED = Set.of("hidden_size", "num_hidden_layers", "num_attention_heads");

    private RandomInit() {
    }

    /**
     * The full config.json for {@code given}: required are hidden_size, num_hidden_layers and
     * num_attention_heads; vocab_size too unless a tokenizer source gives it.
     */
    public static ObjectNode config(JsonNode given, Path file, Optional<ModelFolder> tokenizerFrom) throws UserInputException {
        for (String field : REQUIRED) {
            if (!given.hasNonNull(field)) {
                throw UserInputException.about(file, "needs \"" + field + "\" (required: hidden_size, num_hidden_layers, num_attention_heads,"
                        + " and vocab_size unless --tokenizer-from gives it)");
            }
        }
        Optional<ObjectNode> source = tokenizerFrom.flatMap(ModelFolder::config).map(ModelConfig::json);
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.putArray("architectures").add("LlamaForCausalLM");
        c.put("model_type", "llama");
        int hidden = given.get("hidden_size").asInt();
        c.put("hidden_size", hidden);
        c.put("intermediate_size", given.has("intermediate_size") ? given.get("intermediate_size").asInt() : defaultIntermediate(hidden));
        c.put("num_hidden_layers", given.get("num_hidden_layers").asInt());
        c.put("num_attention_heads", given.get("num_attention_heads").asInt());
        c.put("num_key_value_heads", given.path("num_key_value_heads").asInt(given.get("num_attention_heads").asInt()));
        if (given.has("vocab_size")) {
            c.set("vocab_size", given.get("vocab_size"));
        } else if (source.isPresent() && source.get().has("vocab_size")) {
            c.set("vocab_size", source.get().get("vocab_size"));
        } else {
            throw UserInputException.about(file, "needs \"vocab_size\" (or --tokenizer-from a model whose config.json has it)");
        }
        c.put("max_position_embeddings", given.path("max_position_embeddings").asInt(2048));
        c.put("rms_norm_eps", given.path("rms_norm_eps").asDouble(1e-6));
        c.put("rope_theta", given.path("rope_theta").asDouble(10000.0));
        c.put("hidden_act", "silu");
        c.put("attention_bias", given.path("attention_bias").asBoolean(false));
        c.put("mlp_bias", given.path("mlp_bias").asBoolean(false));
        c.put("tie_word_embeddings", given.path("tie_word_embeddings").asBoolean(false));
        c.put("initializer_range", given.path("initializer_range").asDouble(0.02));
        for (String id : List.of("bos_token_id", "eos_token_id")) {
            if (given.has(id)) {
                c.set(id, given.get(id));
            } else if (source.isPresent() && source.get().has(id)) {
                c.set(id, source.get().get(id));
            }
        }
        c.put("torch_dtype", "float32");
        // anything else the user wrote (head_dim, rope_scaling, ...) is kept, so the runtime reads it as transformers would
        for (Iterator<String> it = given.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!c.has(field)) {
                c.set(field, given.get(field));
            }
        }
        LlamaConfig.from(new ModelConfig(c), file); // rejects shapes the runtime could not run
        return c;
    }

    /**
     * Reads {@code configFile}, completes it, and writes the initialized model (with the tokenizer of
     * {@code tokenizerFrom}, whose every id must fit the vocabulary) into {@code outDir}. Returns the config.
     */
    public static ObjectNode run(Path configFile, Optional<Path> tokenizerFrom, long seed, Path outDir) throws UserInputException, IOException {
        JsonNode given = Json.readObject(configFile);
        ModelFolder source = null;
        try {
            if (tokenizerFrom.isPresent()) {
                if (!Files.isRegularFile(tokenizerFrom.get().resolve("tokenizer.json"))) {
                    throw UserInputException.about(tokenizerFrom.get(), "has no tokenizer.json to copy");
                }
                source = ModelFolder.open(tokenizerFrom.get());
            }
            ObjectNode config = config(given, configFile, Optional.ofNullable(source));
            if (source != null) {
                int needed = tokenizerVocabulary(tokenizerFrom.get().resolve("tokenizer.json"));
                if (config.get("vocab_size").asInt() < needed) {
                    throw UserInputException.about(configFile, "vocab_size " + config.get("vocab_size").asInt() + " is smaller than the "
                            + needed + " token ids of " + tokenizerFrom.get().resolve("tokenizer.json"));
                }
            }
            write(config, seed, Optional.ofNullable(source), outDir, configFile);
            return config;
        } finally {
            if (source != null) {
                source.close();
            }
        }
    }

    /** Llama's MLP ratio: 8/3 of the width, rounded up to a multiple of 256. */
    static int defaultIntermediate(int hidden) {
        return ((int) Math.ceil(8.0 * hidden / 3) + 255) / 256 * 256;
    }

    /** Writes the model (float32 safetensors, config.json) and, from {@code tokenizerFrom}, its tokenizer files. */
    public static void write(ObjectNode config, long seed, Optional<ModelFolder> tokenizerFrom, Path outDir, Path configFile)
            throws UserInputException, IOException {
        LlamaConfig llama = LlamaConfig.from(new ModelConfig(config), configFile);
        double std = config.path("initializer_range").asDouble(0.02);
        boolean attentionBias = config.path("attention_bias").asBoolean(false);
        boolean mlpBias = config.path("mlp_bias").asBoolean(false);
        List<TensorSpec> specs = new ArrayList<>();
        for (LlamaWeights.ParameterSpec p : LlamaWeights.specs(llama)) {
            String name = p.name();
            boolean wanted = !p.optional()
                    || (attentionBias && name.contains("self_attn.") && name.endsWith("_proj.bias"))
                    || (mlpBias && name.contains("mlp.") && name.endsWith(".bias"));
            if (wanted) {
                specs.add(new TensorSpec(name, DType.F32, Shape.of(p.shape())));
            }
        }
        try (WeightsWriter writer = WeightsWriter.create(outDir, specs, Long.MAX_VALUE)) {
            for (TensorSpec spec : specs) {
                float[] values = values(spec, seed, std);
                try (TensorOutput out = writer.open(spec.name())) {
                    out.writeFloats(values, 0, values.length);
                }
            }
            writer.finish();
        }
        Json.write(outDir.resolve(ModelFolder.CONFIG), config);
        if (tokenizerFrom.isPresent()) {
            for (String name : TOKENIZER_FILES) {
                Path file = tokenizerFrom.get().root().resolve(name);
                if (Files.isRegularFile(file)) {
                    Files.copy(file, outDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static float[] values(TensorSpec spec, long seed, double std) {
        float[] values = new float[Math.toIntExact(spec.shape().elementCount())];
        String name = spec.name();
        if (name.endsWith("norm.weight")) {
            java.util.Arrays.fill(values, 1f);
        } else if (!name.endsWith(".bias")) {
            SplittableRandom random = new SplittableRandom(PositionalRandom.of(seed, name).bits(0));
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * std);
            }
        }
        return values;
    }

    /** The number of token ids a tokenizer.json can produce: its vocabulary and added tokens. */
    public static int tokenizerVocabulary(Path tokenizerJson) throws UserInputException, IOException {
        JsonNode root = Json.readObject(tokenizerJson);
        JsonNode vocab = root.path("model").path("vocab");
        int size = 0;
        if (vocab.isObject()) {
            for (JsonNode id : vocab) {
                size = Math.max(size, id.asInt() + 1);
            }
        } else if (vocab.isArray()) {
            size = vocab.size();
        }
        for (JsonNode added : root.path("added_tokens")) {
            size = Math.max(size, added.path("id").asInt() + 1);
        }
        return size;
    }
}
