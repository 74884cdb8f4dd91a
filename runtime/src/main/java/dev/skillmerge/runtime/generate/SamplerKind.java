package dev.skillmerge.runtime.generate;

import java.util.Locale;

/** Which sampling algorithm draws tokens when the temperature is above 0. */
public enum SamplerKind {
    /** Hugging Face's: temperature, then top-p keeping the smallest set reaching p, drawn with a SplittableRandom. */
    DEFAULT,
    /** llama2.c's run.c, bit for bit: xorshift random_f32, float softmax, top-p with its (1 - p) / (n - 1) cutoff. */
    LLAMA2C;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
