package dev.skillmerge.runtime.generate;

import java.util.List;

/**
 * How to pick each next token, and when to stop.
 *
 * @param temperature 0 means greedy (argmax); otherwise logits are divided by it before the softmax
 * @param topP        nucleus sampling: sample among the most likely tokens whose probabilities sum to top_p
 *                    (1 turns it off)
 * @param seed        the sampler's random seed: the same seed, settings and model give the same text
 * @param stop        strings that end the completion; the completion excludes them
 */
public record SamplingSettings(int maxTokens, double temperature, double topP, long seed, SamplerKind sampler, List<String> stop) {
    public SamplingSettings {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max tokens must be at least 1, not " + maxTokens);
        }
        if (temperature < 0 || Double.isNaN(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0, not " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p must be in (0, 1], not " + topP);
        }
        stop = List.copyOf(stop);
        if (stop.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("a stop string must not be empty");
        }
    }

    /** Greedy decoding of up to {@code maxTokens} tokens, no stop strings. */
    public static SamplingSettings greedy(int maxTokens) {
        return new SamplingSettings(maxTokens, 0, 1, 0, SamplerKind.DEFAULT, List.of());
    }
}
