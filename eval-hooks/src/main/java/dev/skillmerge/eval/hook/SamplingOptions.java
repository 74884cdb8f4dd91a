package dev.skillmerge.eval.hook;

/**
 * How many outputs to draw per prompt and how. {@code temperature == 0} means greedy decoding, where every
 * sample is the same, so a generator may decode once and repeat it. {@code seed} makes sampling repeatable.
 */
public record SamplingOptions(int samples, double temperature, double topP, long seed) {
    public SamplingOptions {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        }
        if (temperature < 0 || !(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("need temperature >= 0 and 0 < top_p <= 1");
        }
    }

    public static SamplingOptions greedyDecoding() {
        return new SamplingOptions(1, 0, 1, 0);
    }

    public boolean isGreedy() {
        return temperature == 0;
    }
}
