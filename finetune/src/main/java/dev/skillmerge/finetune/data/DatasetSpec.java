package dev.skillmerge.finetune.data;

import dev.skillmerge.checkpoint.UserInputException;
import java.nio.file.Path;

/**
 * A training file and its weight in the mixture, as users write it: {@code general.jsonl:0.5}. The weight
 * scales how many of the file's examples an epoch uses, as open-instruct's dataset_mixer fractions do: 0.5
 * is a fixed random half, 1 (the default) all of it, 2.5 every example twice and a fixed half once more.
 */
public record DatasetSpec(Path file, double weight) {
    public DatasetSpec {
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("the weight of " + file + " must be a positive number, not " + weight);
        }
    }

    /** {@code PATH} or {@code PATH:WEIGHT}; a path that itself holds ':' keeps it unless a number follows the last one. */
    public static DatasetSpec parse(String text) throws UserInputException {
        int colon = text.lastIndexOf(':');
        if (colon > 0) {
            String suffix = text.substring(colon + 1);
            try {
                double weight = Double.parseDouble(suffix);
                if (!(weight > 0) || Double.isInfinite(weight)) {
                    throw new UserInputException("--data " + text + ": the weight must be a positive number, not " + suffix);
                }
                return new DatasetSpec(Path.of(text.substring(0, colon)), weight);
            } catch (NumberFormatException notAWeight) {
                // a path with a colon in it
            }
        }
        return new DatasetSpec(Path.of(text), 1.0);
    }

    /** The file name without .jsonl: how progress lines and the training record name the dataset. */
    public String name() {
        String n = file.getFileName().toString();
        return n.endsWith(".jsonl") ? n.substring(0, n.length() - ".jsonl".length()) : n;
    }

    @Override
    public String toString() {
        return weight == 1.0 ? file.toString() : file + ":" + weight;
    }
}
