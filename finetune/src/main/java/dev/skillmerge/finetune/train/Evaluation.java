package dev.skillmerge.finetune.train;

import ai.djl.ndarray.NDScope;
import dev.skillmerge.finetune.data.Example;
import dev.skillmerge.finetune.data.RowBatch;
import dev.skillmerge.runtime.model.LlamaModel;
import java.util.List;

/** The mean loss over held-out examples (-log p per learned token), in fixed batches, without gradients. */
public final class Evaluation {
    private Evaluation() {
    }

    public static double meanLoss(LlamaModel model, List<Example> examples, int batchSize, boolean pack) {
        double sum = 0;
        long tokens = 0;
        for (int from = 0; from < examples.size(); from += batchSize) {
            RowBatch batch = RowBatch.of(examples.subList(from, Math.min(examples.size(), from + batchSize)), pack);
            try (NDScope scope = new NDScope()) {
                sum += TokenLoss.of(model, batch, model.manager(), -1f).getFloat();
            }
            tokens += batch.trainedTokens();
        }
        return sum / tokens;
    }
}
