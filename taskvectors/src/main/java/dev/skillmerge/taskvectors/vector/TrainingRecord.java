package dev.skillmerge.taskvectors.vector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What our trainer records next to a model it wrote, in {@code training.json} (docs/design.md, "Task
 * vectors"): the model it started from and the data it saw.
 * <pre>
 * {"base_model": {"path": "...", "fingerprint": "sha256 of the base's weight headers"},
 *  "dataset": {"name": "sciriff", "examples": 61000, "tokens": 24000000},
 *  "steps": 479}
 * </pre>
 * Every field is optional. {@code dataset.examples} is the |D| of the paper's weight heuristic
 * w = |D| / |G|; the base fingerprint is the model's lineage.
 */
public record TrainingRecord(Optional<String> baseFingerprint, OptionalLong examples, OptionalLong tokens, OptionalLong steps) {
    public static final String FILE_NAME = "training.json";

    public static final TrainingRecord NONE = new TrainingRecord(Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());

    /** The record beside a model folder, or empty when the folder has no training.json. */
    public static Optional<TrainingRecord> besideModel(Path model) throws UserInputException, IOException {
        Path file = model.resolve(FILE_NAME);
        if (!Files.isDirectory(model) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode root = Json.readObject(file);
        JsonNode base = root.path("base_model");
        Optional<String> fingerprint = base.path("fingerprint").isTextual() ? Optional.of(base.path("fingerprint").textValue()) : Optional.empty();
        JsonNode dataset = root.path("dataset");
        return Optional.of(new TrainingRecord(fingerprint, count(file, dataset, "dataset.examples", "examples"),
                count(file, dataset, "dataset.tokens", "tokens"), count(file, root, "steps", "steps")));
    }

    /** The dataset part as a task vector's manifest stores it: examples, tokens, steps. */
    public static TrainingRecord fromManifest(Path file, JsonNode node) throws UserInputException {
        return new TrainingRecord(Optional.empty(), count(file, node, "training.examples", "examples"),
                count(file, node, "training.tokens", "tokens"), count(file, node, "training.steps", "steps"));
    }

    public boolean isEmpty() {
        return examples.isEmpty() && tokens.isEmpty() && steps.isEmpty();
    }

    public ObjectNode toManifestJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        examples.ifPresent(v -> node.put("examples", v));
        tokens.ifPresent(v -> node.put("tokens", v));
        steps.ifPresent(v -> node.put("steps", v));
        return node;
    }

    private static OptionalLong count(Path file, JsonNode parent, String where, String field) throws UserInputException {
        JsonNode v = parent.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return OptionalLong.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw UserInputException.about(file, where + " must be a non-negative whole number, got " + v);
        }
        return OptionalLong.of(v.longValue());
    }
}
