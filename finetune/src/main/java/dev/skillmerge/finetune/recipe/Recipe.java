package dev.skillmerge.finetune.recipe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.hf.Json;

/**
 * How a model is trained. A step sees {@code batchSize} examples, in {@code gradientAccumulation}
 * micro-batches whose gradients add up before one AdamW update; the loss is the mean over every learned
 * token of the step, so accumulation changes memory, not the result.
 *
 * @param epochs          passes over the data (ignored when {@code maxSteps} is set)
 * @param maxSteps        0, or the number of optimizer steps to run instead of whole epochs
 * @param warmupRatio     the fraction of steps (rounded up) over which the learning rate rises linearly from 0
 * @param weightDecay     decoupled (AdamW) weight decay on matrices; biases and norm weights are never decayed
 * @param maxGradNorm     clip the global gradient norm to this (0: no clipping)
 * @param maxSeqLen       the most positions one example spans
 * @param pack            pack several examples into one row (same result, less padding)
 */
public record Recipe(int epochs, long maxSteps, double learningRate, double warmupRatio, double weightDecay, int batchSize,
                     int gradientAccumulation, double maxGradNorm, int maxSeqLen, long seed, double beta1, double beta2,
                     double epsilon, boolean pack) {
    public Recipe {
        require(epochs >= 1, "--epochs must be at least 1");
        require(maxSteps >= 0, "--max-steps must not be negative");
        require(learningRate > 0 && Double.isFinite(learningRate), "--lr must be a positive number");
        require(warmupRatio >= 0 && warmupRatio < 1, "--warmup-ratio must be in [0, 1)");
        require(weightDecay >= 0, "--weight-decay must not be negative");
        require(batchSize >= 1, "--batch-size must be at least 1");
        require(gradientAccumulation >= 1 && gradientAccumulation <= batchSize, "--grad-accum must be between 1 and --batch-size");
        require(maxGradNorm >= 0, "--max-grad-norm must not be negative (0 turns clipping off)");
        require(maxSeqLen >= 1, "--max-seq-len must be at least 1");
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "AdamW's betas must be in [0, 1)");
        require(epsilon > 0, "AdamW's epsilon must be positive");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Examples per micro-batch: the step's examples split as evenly as possible. */
    public int microBatchSize() {
        return (batchSize + gradientAccumulation - 1) / gradientAccumulation;
    }

    public Recipe withMaxSeqLen(int length) {
        return new Recipe(epochs, maxSteps, learningRate, warmupRatio, weightDecay, batchSize, gradientAccumulation, maxGradNorm,
                length, seed, beta1, beta2, epsilon, pack);
    }

    public ObjectNode json() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("epochs", epochs);
        o.put("max_steps", maxSteps);
        o.put("learning_rate", learningRate);
        o.put("lr_schedule", "linear");
        o.put("warmup_ratio", warmupRatio);
        o.put("weight_decay", weightDecay);
        o.put("batch_size", batchSize);
        o.put("gradient_accumulation", gradientAccumulation);
        o.put("max_grad_norm", maxGradNorm);
        o.put("max_seq_len", maxSeqLen);
        o.put("seed", seed);
        o.put("adam_beta1", beta1);
        o.put("adam_beta2", beta2);
        o.put("adam_epsilon", epsilon);
        o.put("packing", pack);
        return o;
    }
}
