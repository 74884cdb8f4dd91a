package dev.skillmerge.workflow.demo.pipeline;

import dev.skillmerge.finetune.recipe.Recipe;
import java.util.Locale;

/**
 * How one of the demo's models is fine-tuned: the paper's recipe (linear warm-up over 3% of the steps, then
 * linear decay to 0, AdamW, no weight decay) at toy scale, with the epochs, peak learning rate and batch
 * size chosen per kind of run (docs/demo.md, "Recipe").
 */
public record TrainRecipe(int epochs, double learningRate, int batchSize) {
    public Recipe recipe(long seed, int maxSeqLen) {
        return new Recipe(epochs, 0, learningRate, 0.03, 0.0, batchSize, 1, 1.0, maxSeqLen, seed, 0.9, 0.999, 1e-8, true);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d epochs, lr %.0e, batch %d", epochs, learningRate, batchSize);
    }
}
