package dev.skillmerge.checkpoint.hf;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.dtype.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A model's config.json. Keeps the whole JSON object so that fields we do not interpret travel
 * unchanged into outputs; typed accessors for the fields skillmerge reads.
 */
public record ModelConfig(ObjectNode json) {
    public ModelConfig {
        json = json.deepCopy();
    }

    @Override
    public ObjectNode json() {
        return json.deepCopy();
    }

    public Optional<String> modelType() {
        return text("model_type");
    }

    public List<String> architectures() {
        List<String> out = new ArrayList<>();
        JsonNode node = json.get("architectures");
        if (node != null && node.isArray()) {
            node.forEach(a -> out.add(a.asText()));
        }
        return out;
    }

    public OptionalInt numHiddenLayers() {
        return integer("num_hidden_layers");
    }

    public OptionalInt hiddenSize() {
        return integer("hidden_size");
    }

    public OptionalInt vocabSize() {
        return integer("vocab_size");
    }

    /** Llama-family configs default to untied heads when the field is absent. */
    public boolean tieWordEmbeddings() {
        JsonNode node = json.get("tie_word_embeddings");
        return node != null && node.asBoolean(false);
    }

    /** The stored dtype: transformers writes {@code torch_dtype}, newer versions {@code dtype}. */
    public Optional<DType> torchDtype() {
        return text("torch_dtype").or(() -> text("dtype")).flatMap(DType::parse);
    }

    /** A copy recording {@code dtype} as the stored dtype, in whichever field(s) the config uses. */
    public ModelConfig withTorchDtype(DType dtype) {
        ObjectNode copy = json.deepCopy();
        boolean newStyle = copy.has("dtype") && copy.get("dtype").isTextual();
        if (copy.has("torch_dtype") || !newStyle) {
            copy.put("torch_dtype", dtype.torchName());
        }
        if (newStyle) {
            copy.put("dtype", dtype.torchName());
        }
        return new ModelConfig(copy);
    }

    private Optional<String> text(String field) {
        JsonNode node = json.get(field);
        return node != null && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }

    private OptionalInt integer(String field) {
        JsonNode node = json.get(field);
        return node != null && node.canConvertToInt() && node.isIntegralNumber() ? OptionalInt.of(node.intValue()) : OptionalInt.empty();
    }
}
