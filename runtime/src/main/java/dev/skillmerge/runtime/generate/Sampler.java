package dev.skillmerge.runtime.generate;

import java.util.SplittableRandom;

/** Picks the next token from the logits of one decode step. Stateful: it owns its random stream. */
public sealed interface Sampler permits Sampler.Greedy, Sampler.Nucleus, Llama2cSampler {
    int next(float[] logits);

    static Sampler of(SamplingSettings s) {
        if (s.temperature() == 0) {
            return new Greedy();
        }
        return switch (s.sampler()) {
            case DEFAULT -> new Nucleus(s.temperature(), s.topP(), new SplittableRandom(s.seed()));
            case LLAMA2C -> new Llama2cSampler((float) s.temperature(), (float) s.topP(), s.seed());
        };
    }

    /** The most likely token; the first of equal maxima, as llama2.c's argmax. */
    record Greedy() implements Sampler {
        @Override
        public int next(float[] logits) {
            return argmax(logits);
        }
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Temperature then top-p the way Hugging Face's TopPLogitsWarper does it: keep the most likely tokens until
     * their probability mass reaches top_p (always at least one), renormalize, draw.
     */
    final class Nucleus implements Sampler {
        private final double temperature;
        private final double topP;
        private final SplittableRandom random;

        Nucleus(double temperature, double topP, SplittableRandom random) {
            this.temperature = temperature;
            this.topP = topP;
            this.random = random;
        }

        @Override
        public int next(float[] logits) {
            int n = logits.length;
            double max = Double.NEGATIVE_INFINITY;
            for (float l : logits) {
                max = Math.max(max, l / temperature);
            }
            double[] p = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                p[i] = Math.exp(logits[i] / temperature - max);
                sum += p[i];
            }
            for (int i = 0; i < n; i++) {
                p[i] /= sum;
            }
            int[] order = mostLikelyFirst(p);
            int keep = 0;
            double mass = 0;
            while (keep < n && (keep == 0 || mass < topP)) {
                mass += p[order[keep++]];
            }
            double r = random.nextDouble() * mass;
            double cdf = 0;
            for (int k = 0; k < keep; k++) {
                cdf += p[order[k]];
                if (r < cdf) {
                    return order[k];
                }
            }
            return order[keep - 1];
        }

        /**
         * Token ids by decreasing probability, equal ones in id order: a stable merge sort on primitive ints
         * (sorting boxed Integers cost ~100 µs per token, as much as a batched decode step's share).
         */
        static int[] mostLikelyFirst(double[] p) {
            int n = p.length;
            int[] order = new int[n];
            int[] spare = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int width = 1; width < n; width *= 2) {
                for (int lo = 0; lo < n; lo += 2 * width) {
                    int mid = Math.min(n, lo + width);
                    int hi = Math.min(n, lo + 2 * width);
                    int a = lo;
                    int b = mid;
                    for (int k = lo; k < hi; k++) {
                        // take from the left run unless the right one is strictly more likely: stable
                        spare[k] = a < mid && (b >= hi || Double.compare(-p[order[a]], -p[order[b]]) <= 0) ? order[a++] : order[b++];
                    }
                }
                int[] t = order;
                order = spare;
                spare = t;
            }
            return order;
        }
    }
}
