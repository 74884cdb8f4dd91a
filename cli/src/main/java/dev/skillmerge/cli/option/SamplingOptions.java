package dev.skillmerge.cli.option;

import dev.skillmerge.checkpoint.UserInputException;

import dev.skillmerge.runtime.generate.SamplerKind;
import dev.skillmerge.runtime.generate.SamplingSettings;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How a command samples: token budget, temperature, top-p, seed, stop strings and the sampler. */
public final class SamplingOptions {
    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "256", description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    public int maxTokens;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0",
            description = "0 = greedy, deterministic (default); 1 = the model's own distribution.")
    public double temperature;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1", description = "Nucleus sampling mass; 1 turns it off (default: ${DEFAULT-VALUE}).")
    public double topP;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed of the sampler (default: from the clock).")
    public Long seed;

    @Option(names = "--stop", paramLabel = "STR", description = "End the completion before this string (repeatable).")
    public List<String> stop = new ArrayList<>();

    @Option(names = "--sampler", paramLabel = "NAME", defaultValue = "default",
            description = "default (Hugging Face's top-p) or llama2c (llama2.c's run.c, bit for bit).")
    public String sampler;

    /** The settings these options describe; a contradictory choice is a one-line input error. */
    public SamplingSettings settings() throws UserInputException {
        SamplerKind kind = switch (sampler) {
            case "default" -> SamplerKind.DEFAULT;
            case "llama2c" -> SamplerKind.LLAMA2C;
            default -> throw new UserInputException("--sampler must be 'default' or 'llama2c', not '" + sampler + "'");
        };
        long s = seed != null ? seed : System.nanoTime() | 1; // llama2.c's xorshift needs a non-zero state
        if (kind == SamplerKind.LLAMA2C && s == 0) {
            throw new UserInputException("--sampler llama2c needs a non-zero --seed");
        }
        try {
            return new SamplingSettings(maxTokens, temperature, topP, s, kind, stop);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }
}
