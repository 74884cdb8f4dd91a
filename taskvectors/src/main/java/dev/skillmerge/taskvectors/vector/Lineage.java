package dev.skillmerge.taskvectors.vector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The base models a model descends from, as far as its folder says: the model itself, the base its
 * trainer recorded in training.json, and the base of the task vectors {@code taskvector apply} added
 * (recorded in {@value #APPLIED_FILE}). A task vector belongs on a model whose lineage holds the vector's
 * base: the paper's theta_G and its experts all start from the same pretrained model.
 */
public record Lineage(String self, Set<String> ancestors) {
    /** What {@code taskvector apply} writes into its output: the model it started from and what it added. */
    public static final String APPLIED_FILE = "taskvectors_applied.json";

    public Lineage {
        ancestors = Set.copyOf(ancestors);
    }

    public static Lineage of(ModelFolder model) throws UserInputException, IOException {
        Set<String> ancestors = new LinkedHashSet<>();
        TrainingRecord.besideModel(model.root()).flatMap(TrainingRecord::baseFingerprint).ifPresent(ancestors::add);
        appliedBase(model.root()).ifPresent(ancestors::add);
        return new Lineage(model.fingerprint(), ancestors);
    }

    private static Optional<String> appliedBase(Path root) throws UserInputException, IOException {
        Path file = root.resolve(APPLIED_FILE);
        if (!Files.isDirectory(root) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode base = Json.readObject(file).path("base_fingerprint");
        return base.isTextual() ? Optional.of(base.textValue()) : Optional.empty();
    }

    public boolean descendsFrom(String baseFingerprint) {
        return self.equals(baseFingerprint) || ancestors.contains(baseFingerprint);
    }

    /** Why {@code vectors} task vectors taken against {@code base} may not belong on {@code model}: what its folder says instead. */
    public String mismatch(ModelIdentity base, Path model, int vectors) {
        String recorded = ancestors.isEmpty() ? "records no base model (no " + TrainingRecord.FILE_NAME + " with base_model.fingerprint)"
                : "descends from " + String.join(", ", ancestors.stream().map(f -> f.substring(0, Math.min(12, f.length()))).toList());
        return (vectors == 1 ? "the task vector was" : "the task vectors were") + " taken against base " + base.shortFingerprint()
                + " (" + base.path() + ") but " + model + " (" + self.substring(0, Math.min(12, self.length())) + ") " + recorded;
    }
}
