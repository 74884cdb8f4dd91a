package dev.skillmerge.finetune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.skillmerge.finetune.data.RowBatch;
import dev.skillmerge.runtime.model.KvCache;
import dev.skillmerge.runtime.model.LlamaModel;

/**
 * The language-modeling loss of a {@link RowBatch}: -log p(target) summed over the positions whose next
 * token is learned, times a scale (-1/N for the mean over a step's N learned tokens). Only those positions
 * go through the head and the softmax over the vocabulary: for chat data, where prompts are context only,
 * that skips most of the largest matrix product. Every scalar is an array, never DJL's Number overloads,
 * which free their temporary scalar while autograd still holds it.
 */
public final class TokenLoss {
    private TokenLoss() {
    }

    /** The batch's token ids and layout on {@code manager}'s device, created in the caller's NDScope. */
    public static NDArray hidden(LlamaModel model, RowBatch batch, NDManager manager) {
        Shape rows = new Shape(batch.rows(), batch.length());
        NDArray tokens = manager.create(batch.inputs(), rows);
        if (!batch.packed()) {
            // one example per row, padding after it: the causal mask alone keeps padding out of sight
            return model.hiddenStates(tokens, 0, KvCache.none());
        }
        NDArray positions = manager.create(batch.positions(), rows);
        return model.hiddenStates(tokens, positions, segmentMask(batch, manager));
    }

    /**
     * [R, T, T]: 0 where query t may attend to key s (same example, s <= t), -inf elsewhere; log of the
     * boolean mask gives exactly 0 and -inf. Padding forms its own segment, so every query sees itself.
     */
    static NDArray segmentMask(RowBatch batch, NDManager manager) {
        int t = batch.length();
        NDArray segments = manager.create(batch.segments(), new Shape(batch.rows(), t));
        boolean[] causal = new boolean[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j <= i; j++) {
                causal[i * t + j] = true;
            }
        }
        NDArray sameSegment = segments.expandDims(2).eq(segments.expandDims(1));
        return sameSegment.logicalAnd(manager.create(causal, new Shape(t, t))).toType(DataType.FLOAT32, false).log();
    }

    /** scale * sum of log p(target) over the batch's learned positions; differentiable. */
    public static NDArray of(LlamaModel model, RowBatch batch, NDManager manager, float scale) {
        NDArray hidden = hidden(model, batch, manager);
        long width = hidden.getShape().get(2);
        NDArray flat = hidden.reshape((long) batch.rows() * batch.length(), width);
        if (batch.trainedTokens() < batch.rows() * batch.length()) {
            flat = flat.get(new NDIndex("{}", manager.create(batch.trainedIndex())));
        }
        NDArray logProbabilities = model.head(flat).logSoftmax(-1);
        NDArray targets = manager.create(batch.trainedTargets(), new Shape(batch.trainedTokens(), 1));
        return logProbabilities.gather(targets, 1).sum().mul(manager.create(scale));
    }
}
