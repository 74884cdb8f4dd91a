package dev.skillmerge.workflow.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What producing a model cost, from the {@code training.json} our trainer writes (steps, dataset
 * examples and tokens, wall seconds). A merged model has no training of its own; the demo writes the
 * summed cost of its experts in the same format, so every procedure (RT, CFT, PTM) compares on one scale.
 */
public record TrainingCost(OptionalLong steps, OptionalLong examples, OptionalLong tokens, OptionalDouble wallSeconds) {
    public static final String FILE_NAME = "training.json";
    public static final TrainingCost UNKNOWN = new TrainingCost(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty());

    /** The cost recorded in {@code training.json} inside {@code folder}, or UNKNOWN when there is none. */
    public static TrainingCost in(Path folder) throws UserInputException, IOException {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return UNKNOWN;
        }
        JsonNode root = Json.readObject(file);
        return new TrainingCost(integer(root.path("steps")), integer(root.path("dataset").path("examples")),
                integer(root.path("dataset").path("tokens")),
                root.path("wall_seconds").isNumber() ? OptionalDouble.of(root.path("wall_seconds").doubleValue()) : OptionalDouble.empty());
    }

    private static OptionalLong integer(JsonNode node) {
        return node.canConvertToLong() && node.isNumber() ? OptionalLong.of(node.longValue()) : OptionalLong.empty();
    }
}
