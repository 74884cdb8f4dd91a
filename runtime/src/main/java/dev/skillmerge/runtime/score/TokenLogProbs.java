package dev.skillmerge.runtime.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.skillmerge.runtime.model.KvCache;
import dev.skillmerge.runtime.model.LlamaModel;
import java.util.Arrays;

/**
 * The log-probability a model gives each token of a text after the tokens before it (teacher forcing): what
 * held-out loss and perplexity are made of. A text longer than the model's context is read in windows of the
 * context's length that overlap by one token, so every token is predicted exactly once, from as much of the
 * text before it as the window holds (lm-evaluation-harness's rolling windows).
 */
public final class TokenLogProbs {
    private TokenLogProbs() {
    }

    /** {@code out[i - 1]} = ln p(tokens[i] | tokens[window start .. i)), for i = 1 .. n - 1. */
    public static double[] of(LlamaModel model, int[] tokens) {
        int n = tokens.length;
        double[] out = new double[Math.max(0, n - 1)];
        int context = model.config().context();
        NDManager manager = model.manager();
        for (int start = 0; start < n - 1; start += context - 1) {
            int end = Math.min(n, start + context);
            long[] window = Arrays.stream(tokens, start, end).asLongStream().toArray();
            long[] targets = Arrays.copyOfRange(window, 1, window.length);
            try (NDScope step = new NDScope()) {
                NDArray input = manager.create(window, new Shape(1, window.length));
                NDArray logits = model.forward(input, 0, KvCache.none()).get(new NDIndex(":, :{}", window.length - 1));
                // ln softmax(logits)[target] at every position but the window's last, which predicts past it
                NDArray picked = logits.logSoftmax(-1).gather(manager.create(targets, new Shape(1, targets.length, 1)), -1);
                float[] values = picked.toFloatArray();
                for (int i = 0; i < values.length; i++) {
                    out[start + i] = values[i];
                }
            }
        }
        return out;
    }
}
