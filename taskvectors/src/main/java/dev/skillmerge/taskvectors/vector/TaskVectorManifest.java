package dev.skillmerge.taskvectors.vector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code taskvector.json}: what a task-vector folder holds besides its deltas. The base it was taken
 * against (the lineage {@code apply} checks), the tuned model when it was extracted, the stored dtype,
 * the expert's training record when its trainer wrote one, the non-float tensors left out, and how the
 * vector was made ("extract", "scale 0.5", ...).
 */
public record TaskVectorManifest(
        DType dtype,
        ModelIdentity base,
        Optional<ModelIdentity> tuned,
        Optional<String> modelType,
        TrainingRecord training,
        List<SkippedTensor> skipped,
        String derivation) {
    public static final String FILE_NAME = "taskvector.json";
    static final String FORMAT = "skillmerge-taskvector";
    static final int VERSION = 1;

    /** A tensor of the models that has no task vector: integer buffers and the like. */
    public record SkippedTensor(String name, DType dtype) {
    }

    public TaskVectorManifest {
        skipped = List.copyOf(skipped);
    }

    public TaskVectorManifest derived(DType newDtype, String how, boolean keepTraining) {
        return new TaskVectorManifest(newDtype, base, Optional.empty(), modelType, keepTraining ? training : TrainingRecord.NONE, skipped, how);
    }

    public void write(Path folder) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("dtype", dtype.torchName());
        root.put("derivation", derivation);
        identity(root.putObject("base"), base);
        tuned.ifPresent(t -> identity(root.putObject("tuned"), t));
        modelType.ifPresent(t -> root.put("model_type", t));
        if (!training.isEmpty()) {
            root.set("training", training.toManifestJson());
        }
        ArrayNode list = root.putArray("skipped");
        for (SkippedTensor s : skipped) {
            list.addObject().put("name", s.name()).put("dtype", s.dtype().torchName());
        }
        Json.write(folder.resolve(FILE_NAME), root);
    }

    private static void identity(ObjectNode node, ModelIdentity id) {
        node.put("path", id.path());
        node.put("fingerprint", id.fingerprint());
    }

    public static TaskVectorManifest read(Path folder) throws UserInputException, IOException {
        Path file = folder.resolve(FILE_NAME);
        JsonNode root = Json.readObject(file);
        if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
            throw UserInputException.about(file, "not a version " + VERSION + " " + FORMAT + " manifest (format '"
                    + root.path("format").asText() + "', version " + root.path("version").asText() + ")");
        }
        DType dtype = DType.parse(text(file, root, "dtype")).filter(DType::isFloatingPoint)
                .orElseThrow(() -> UserInputException.about(file, "dtype '" + root.path("dtype").asText() + "' is not a floating-point dtype"));
        ModelIdentity base = identity(file, root, "base").orElseThrow(() -> UserInputException.about(file, "has no base {path, fingerprint}"));
        List<SkippedTensor> skipped = new ArrayList<>();
        for (JsonNode s : root.path("skipped")) {
            String name = text(file, s, "name");
            DType d = DType.parse(text(file, s, "dtype")).orElseThrow(() -> UserInputException.about(file, "skipped tensor '" + name + "' has an unknown dtype"));
            skipped.add(new SkippedTensor(name, d));
        }
        TrainingRecord training = root.has("training") ? TrainingRecord.fromManifest(file, root.get("training")) : TrainingRecord.NONE;
        Optional<String> modelType = root.path("model_type").isTextual() ? Optional.of(root.get("model_type").textValue()) : Optional.empty();
        return new TaskVectorManifest(dtype, base, identity(file, root, "tuned"), modelType, training, skipped,
                root.path("derivation").asText("extract"));
    }

    private static Optional<ModelIdentity> identity(Path file, JsonNode root, String field) throws UserInputException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        return Optional.of(new ModelIdentity(text(file, node, "path"), text(file, node, "fingerprint")));
    }

    private static String text(Path file, JsonNode node, String field) throws UserInputException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw UserInputException.about(file, "'" + field + "' must be a string");
        }
        return v.textValue();
    }
}
