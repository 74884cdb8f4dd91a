package dev.skillmerge.runtime.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.UserInputException;
import java.nio.file.Path;

/**
 * Rotary position embeddings in the rotate-half convention of Hugging Face Llama: dimension i of a head is
 * paired with i + headDim/2 and rotated by angle {@code position * inverseFrequency[i]}. The frequencies
 * follow the config's rope_theta and rope_scaling (none, "linear", or Llama 3's "llama3").
 */
public record Rope(int headDim, double theta, Scaling scaling) {
    /** How the base frequencies are stretched for contexts longer than the model was trained on. */
    public sealed interface Scaling {
        /** The plain frequencies. */
        record None() implements Scaling {
        }

        /** Every frequency divided by {@code factor} (position interpolation). */
        record Linear(double factor) implements Scaling {
        }

        /** Llama 3.1: low frequencies divided by factor, high ones kept, a smooth blend in between. */
        record Llama3(double factor, double lowFreqFactor, double highFreqFactor, int originalContext) implements Scaling {
        }
    }

    static Rope from(JsonNode config, int headDim, Path file) throws UserInputException {
        double theta = config.path("rope_theta").asDouble(10000.0);
        JsonNode s = config.get("rope_scaling");
        if (s == null || s.isNull()) {
            return new Rope(headDim, theta, new Scaling.None());
        }
        String type = s.hasNonNull("rope_type") ? s.get("rope_type").asText() : s.path("type").asText("default");
        return switch (type) {
            case "default" -> new Rope(headDim, theta, new Scaling.None());
            case "linear" -> new Rope(headDim, theta, new Scaling.Linear(s.path("factor").asDouble(1)));
            case "llama3" -> new Rope(headDim, theta, new Scaling.Llama3(s.path("factor").asDouble(8), s.path("low_freq_factor").asDouble(1),
                    s.path("high_freq_factor").asDouble(4), s.path("original_max_position_embeddings").asInt(8192)));
            default -> throw UserInputException.about(file, "rope_scaling type '" + type + "' is not supported (supported: default, linear, llama3)");
        };
    }

    /** The headDim/2 inverse frequencies, rounded to float32 as PyTorch computes them. */
    public float[] inverseFrequencies() {
        int half = headDim / 2;
        float[] out = new float[half];
        for (int i = 0; i < half; i++) {
            // inv_freq[i] = 1 / theta^(2i / headDim)
            double f = 1.0 / Math.pow(theta, (2.0 * i) / headDim);
            out[i] = (float) switch (scaling) {
                case Scaling.None none -> f;
                case Scaling.Linear linear -> f / linear.factor();
                case Scaling.Llama3 l -> llama3(f, l);
            };
        }
        return out;
    }

    private static double llama3(double f, Scaling.Llama3 l) {
        double wavelength = 2 * Math.PI / f;
        double lowFreqWavelength = l.originalContext() / l.lowFreqFactor();
        double highFreqWavelength = l.originalContext() / l.highFreqFactor();
        if (wavelength < highFreqWavelength) {
            return f;
        }
        if (wavelength > lowFreqWavelength) {
            return f / l.factor();
        }
        double smooth = (l.originalContext() / wavelength - l.lowFreqFactor()) / (l.highFreqFactor() - l.lowFreqFactor());
        return (1 - smooth) * f / l.factor() + smooth * f;
    }

    /**
     * cos and sin of every angle for positions [0, positions), each row laid out [headDim] as
     * Hugging Face's cat(freqs, freqs). The angle is the float32 product position * inv_freq, as in
     * transformers and llama2.c, so rounding matches theirs.
     */
    public float[][] tables(int positions) {
        float[] inv = inverseFrequencies();
        int half = headDim / 2;
        float[] cos = new float[positions * headDim];
        float[] sin = new float[positions * headDim];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                float angle = (float) p * inv[i];
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                cos[p * headDim + i] = c;
                cos[p * headDim + i + half] = c;
                sin[p * headDim + i] = s;
                sin[p * headDim + i + half] = s;
            }
        }
        return new float[][] {cos, sin};
    }
}
