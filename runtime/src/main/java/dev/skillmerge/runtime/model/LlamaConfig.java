package dev.skillmerge.runtime.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.ModelConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The hyper-parameters of a Llama-family decoder, read from a Hugging Face config.json. The family covers
 * what transformers calls llama, mistral, qwen2 and qwen3: pre-norm RMSNorm blocks, rotary position
 * embeddings (rotate-half convention), grouped-query attention and a SwiGLU MLP. Which optional tensors
 * exist (q/k/v biases, per-head q/k norms) is read from the weights, not from here.
 *
 * @param context the longest sequence the model handles: max_position_embeddings, or a sliding window when
 *                the model uses one (inside the window sliding attention equals full attention, so capping
 *                the context keeps the one attention implementation exact)
 */
public record LlamaConfig(String modelType, int vocabSize, int hidden, int intermediate, int layers, int heads,
                          int kvHeads, int headDim, double rmsNormEps, Rope rope, int context, boolean tiedEmbeddings) {
    public static final List<String> MODEL_TYPES = List.of("llama", "mistral", "qwen2", "qwen3");

    public LlamaConfig {
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(heads + " attention heads do not divide into " + kvHeads + " key/value heads");
        }
    }

    /** Query heads that share one key/value head. */
    public int groupSize() {
        return heads / kvHeads;
    }

    public static LlamaConfig from(ModelConfig config, Path file) throws UserInputException {
        ObjectNode json = config.json();
        String type = config.modelType().orElse("").toLowerCase(Locale.ROOT);
        if (!MODEL_TYPES.contains(type)) {
            throw UserInputException.about(file, "model_type '" + type + "' is not a Llama-family model this runtime runs (supported: "
                    + String.join(", ", MODEL_TYPES) + "); for other models serve them with vLLM/TGI and use the OpenAI-compatible client");
        }
        String act = json.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw UserInputException.about(file, "hidden_act '" + act + "' is not supported (the Llama MLP uses silu)");
        }
        int hidden = positive(json, "hidden_size", file);
        int heads = positive(json, "num_attention_heads", file);
        int kvHeads = json.hasNonNull("num_key_value_heads") ? positive(json, "num_key_value_heads", file) : heads;
        if (heads % kvHeads != 0) {
            throw UserInputException.about(file, "num_attention_heads " + heads + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        int headDim = json.hasNonNull("head_dim") ? positive(json, "head_dim", file) : hidden / heads;
        if (headDim % 2 != 0) {
            throw UserInputException.about(file, "head_dim " + headDim + " is odd; rotary embeddings rotate pairs");
        }
        int maxPositions = json.hasNonNull("max_position_embeddings") ? positive(json, "max_position_embeddings", file) : 2048;
        int context = maxPositions;
        boolean sliding = switch (type) {
            case "mistral" -> json.hasNonNull("sliding_window");
            case "qwen2", "qwen3" -> json.path("use_sliding_window").asBoolean(false) && json.hasNonNull("sliding_window");
            default -> false;
        };
        if (sliding) {
            context = Math.min(context, positive(json, "sliding_window", file));
        }
        double eps = json.path("rms_norm_eps").asDouble(1e-6);
        Rope rope = Rope.from(json, headDim, file);
        return new LlamaConfig(type, positive(json, "vocab_size", file), hidden, positive(json, "intermediate_size", file),
                positive(json, "num_hidden_layers", file), heads, kvHeads, headDim, eps, rope, context, config.tieWordEmbeddings());
    }

    private static int positive(JsonNode json, String field, Path file) throws UserInputException {
        JsonNode node = json.get(field);
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber() || node.intValue() < 1) {
            throw UserInputException.about(file, field + " must be a positive integer, found " + (node == null ? "nothing" : node));
        }
        return node.intValue();
    }
}
