package dev.skillmerge.workflow.demo.report;

import dev.skillmerge.workflow.demo.pipeline.DemoSettings;
import java.util.List;
import java.util.Map;

/**
 * What a demo run found: the test-split row of every model, the dev sweep, the weights chosen on it and by
 * the heuristic, the single-expert checks, and how long the run took.
 */
public record DemoResult(DemoSettings settings, String baseKey, List<ModelRow> rows, List<SweepResult> sweep, Map<String, Double> chosenWeights,
                         Map<String, Double> heuristicWeights, List<CompositionCheck> checks, double seconds) {
    public DemoResult {
        rows = List.copyOf(rows);
        sweep = List.copyOf(sweep);
        chosenWeights = Map.copyOf(chosenWeights);
        heuristicWeights = Map.copyOf(heuristicWeights);
        checks = List.copyOf(checks);
    }
}
