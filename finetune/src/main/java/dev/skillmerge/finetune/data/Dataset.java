package dev.skillmerge.finetune.data;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.rng.PositionalRandom;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One training file, tokenized: the examples to train on and those held out for evaluation. Which
 * samples are held out depends only on the seed and the file's name, so a resumed or repeated run holds
 * out the same ones.
 *
 * @param samples     lines read (conversations and documents)
 * @param skippedLong conversations left out as longer than the sequence length
 */
public record Dataset(DatasetSpec spec, List<Example> train, List<Example> heldOut, int samples, int skippedLong) {
    public Dataset {
        train = List.copyOf(train);
        heldOut = List.copyOf(heldOut);
    }

    /**
     * Reads and tokenizes {@code spec}'s file, holding out {@code round(heldOutFraction * samples)} samples
     * (with their every window) chosen by the seed.
     */
    public static Dataset load(DatasetSpec spec, ExampleEncoder encoder, double heldOutFraction, long seed) throws UserInputException, IOException {
        List<Sample> samples = JsonlFile.read(spec.file());
        int heldOutCount = (int) Math.round(heldOutFraction * samples.size());
        if (heldOutFraction > 0 && (heldOutCount == 0 || heldOutCount == samples.size())) {
            throw UserInputException.about(spec.file(), "holding out " + heldOutFraction + " of " + samples.size()
                    + " examples leaves " + (heldOutCount == 0 ? "nothing to evaluate on" : "nothing to train on")
                    + "; change --eval-split or give --eval-data");
        }
        boolean[] held = new boolean[samples.size()];
        PositionalRandom random = PositionalRandom.of(seed, "held-out:" + spec.name());
        IntStream.range(0, samples.size()).boxed().sorted(Comparator.comparingLong((Integer i) -> random.bits(i))).limit(heldOutCount)
                .forEach(i -> held[i] = true);
        List<Example> train = new ArrayList<>();
        List<Example> heldOut = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < samples.size(); i++) {
            List<Example> examples = encoder.encode(samples.get(i));
            skipped += examples.isEmpty() ? 1 : 0;
            (held[i] ? heldOut : train).addAll(examples);
        }
        if (train.isEmpty()) {
            throw UserInputException.about(spec.file(), "every example is longer than --max-seq-len " + encoder.maxLength());
        }
        return new Dataset(spec, train, heldOut, samples.size(), skipped);
    }

    public String name() {
        return spec.name();
    }

    /** Tokens of the training examples (each counted once). */
    public long tokens() {
        return train.stream().mapToLong(e -> e.tokens().length).sum();
    }

    /** Tokens the loss covers in one pass over the training examples. */
    public long trainedTokens() {
        return train.stream().mapToLong(Example::trainedTokens).sum();
    }
}
