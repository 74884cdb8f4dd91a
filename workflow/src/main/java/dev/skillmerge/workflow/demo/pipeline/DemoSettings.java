package dev.skillmerge.workflow.demo.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.workflow.demo.data.DemoData;
import java.util.List;

/**
 * Everything the demo's results depend on besides the base model. The defaults ({@link #standard}) are the
 * sizes and recipes docs/demo.md reports, chosen to fit ten minutes on two cores.
 *
 * @param general   the general model's recipe (base + general mix)
 * @param expert    each expert's recipe (base + one skill)
 * @param rt        retraining (base + general mix + every skill)
 * @param cft       continued fine-tuning (general model + every skill)
 * @param weights   the task-arithmetic weights swept on the dev split
 * @param density   TIES's and DARE's density
 * @param maxTokens the longest answer generated in evaluations
 */
public record DemoSettings(long seed, DemoData.Sizes sizes, TrainRecipe general, TrainRecipe expert, TrainRecipe rt, TrainRecipe cft,
                           int maxSeqLen, List<Double> weights, double density, int maxTokens, int evalBatch, int threads) {
    public static final List<String> SKILLS = List.of("science", "safety", "code");

    public DemoSettings {
        weights = List.copyOf(weights);
    }

    public static DemoSettings standard(int threads) {
        return new DemoSettings(1, new DemoData.Sizes(4000, 1000, 48, 64), new TrainRecipe(2, 1e-3, 32), new TrainRecipe(2, 1e-3, 32),
                new TrainRecipe(2, 1e-3, 32), new TrainRecipe(2, 1e-3, 32), 256,
                List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0), 0.5, 64, 64, threads);
    }

    public ObjectNode json() {
        return (ObjectNode) Json.MAPPER.valueToTree(this);
    }
}
