package dev.skillmerge.runtime.generate;

import java.util.Arrays;

/**
 * llama2.c's sampler (run.c: sample, sample_mult, sample_topp, random_f32), in float arithmetic in the same
 * order, so that a seed gives llama2.c's tokens for the same logits.
 */
public final class Llama2cSampler implements Sampler {
    private final float temperature;
    private final float topP;
    private long state;

    /** {@code seed} is run.c's {@code -s}: the initial xorshift state; it must not be 0 (the state would stay 0). */
    public Llama2cSampler(float temperature, float topP, long seed) {
        if (seed == 0) {
            throw new IllegalArgumentException("the llama2c sampler needs a non-zero seed");
        }
        this.temperature = temperature;
        this.topP = topP;
        this.state = seed;
    }

    // xorshift*: state ^= state >> 12; state ^= state << 25; state ^= state >> 27; return (state * 0x2545F4914F6CDD1D) >> 32
    int randomU32() {
        state ^= state >>> 12;
        state ^= state << 25;
        state ^= state >>> 27;
        return (int) ((state * 0x2545F4914F6CDD1DL) >>> 32);
    }

    /** A float in [0, 1): the top 24 bits of random_u32 over 2^24. */
    float randomF32() {
        return (randomU32() >>> 8) / 16777216.0f;
    }

    @Override
    public int next(float[] logits) {
        float[] p = logits.clone();
        for (int i = 0; i < p.length; i++) {
            p[i] /= temperature;
        }
        softmax(p);
        float coin = randomF32();
        return topP <= 0 || topP >= 1 ? sampleMult(p, coin) : sampleTopP(p, coin);
    }

    private static void softmax(float[] x) {
        float max = x[0];
        for (int i = 1; i < x.length; i++) {
            if (x[i] > max) {
                max = x[i];
            }
        }
        float sum = 0f;
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.exp(x[i] - max);
            sum += x[i];
        }
        for (int i = 0; i < x.length; i++) {
            x[i] /= sum;
        }
    }

    private static int sampleMult(float[] p, float coin) {
        float cdf = 0f;
        for (int i = 0; i < p.length; i++) {
            cdf += p[i];
            if (coin < cdf) {
                return i;
            }
        }
        return p.length - 1;
    }

    private int sampleTopP(float[] p, float coin) {
        int n = p.length;
        // tokens below (1 - topp) / (n - 1) cannot be in the nucleus: run.c drops them before sorting
        float cutoff = (1.0f - topP) / (n - 1);
        int n0 = 0;
        int[] index = new int[n];
        for (int i = 0; i < n; i++) {
            if (p[i] >= cutoff) {
                index[n0++] = i;
            }
        }
        Integer[] sorted = new Integer[n0];
        for (int i = 0; i < n0; i++) {
            sorted[i] = index[i];
        }
        Arrays.sort(sorted, (a, b) -> Float.compare(p[b], p[a])); // descending, stable like glibc's merge-sort qsort
        float cumulative = 0f;
        int last = n0 - 1;
        for (int i = 0; i < n0; i++) {
            cumulative += p[sorted[i]];
            if (cumulative > topP) {
                last = i;
                break;
            }
        }
        float r = coin * cumulative;
        float cdf = 0f;
        for (int i = 0; i <= last; i++) {
            cdf += p[sorted[i]];
            if (r < cdf) {
                return sorted[i];
            }
        }
        return sorted[last];
    }
}
