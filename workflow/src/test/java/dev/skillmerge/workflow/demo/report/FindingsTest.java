package dev.skillmerge.workflow.demo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skillmerge.workflow.demo.pipeline.DemoSettings;
import dev.skillmerge.workflow.demo.pipeline.Scores;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindingsTest {
    private static ModelRow row(String label, double general, double compliance, long steps) {
        return new ModelRow(label, "trained", new Scores(general, 0, 1, compliance, 0, 0.5), steps, "", Path.of("m"), Path.of("r"));
    }

    private static final List<ModelRow> ROWS = List.of(row("General model", 0.45, 1.0, 250), row("Expert: safety", 0.0, 0.321, 64),
            row("Expert: code", 0.02, 1.0, 64), row("RT", 0.438, 0.964, 438), row("CFT", 0.0, 0.679, 188));

    private static DemoResult result(List<CompositionCheck> checks) {
        return new DemoResult(DemoSettings.standard(1), "k", ROWS, List.of(), Map.of(), Map.of(), checks, 1);
    }

    @Test
    void aFailedCheckIsReportedAsNotComposingWithItsBestPoint() {
        CompositionCheck science = new CompositionCheck("science", 0.51, 0.0, 0.30,
                List.of(new SweepResult("science", 0.5, 0.0, 0.427), new SweepResult("science", 1.0, 0.0, 0.107)));
        assertEquals("**Merging** (single-expert check on dev): task vectors do not compose at this scale, so the merged rows below show"
                + " what merging does here, not the paper's result. science fails (expert 30.0, G 0.0; the best G + w·τ reaches 0.0 at"
                + " w = 0.5, with general 42.7 of G's 51.0).", Findings.of(result(List.of(science))).getFirst());
    }

    @Test
    void aPassingCheckNamesItsWeightsAndBestPoint() {
        CompositionCheck science = new CompositionCheck("science", 0.5, 0.0, 0.5,
                List.of(new SweepResult("science", 0.5, 0.2, 0.5), new SweepResult("science", 1.0, 0.4, 0.45)));
        assertEquals("**Merging** (single-expert check on dev): task vectors compose for every skill. science passes at w = [1.0]"
                + " (best: w = 1.0, science 40.0, general 45.0).", Findings.of(result(List.of(science))).getFirst());
    }

    @Test
    void forgettingRefusalsAndCostComeFromTheTrainedRows() {
        List<String> f = Findings.of(result(List.of()));
        assertEquals("**Forgetting**: continued fine-tuning on the skills took the general score from 45.0 (general model) to 0.0 (CFT);"
                + " retraining on everything (RT) scored 43.8.", f.get(1));
        assertEquals("**Exaggerated refusals**: compliance with harmless look-alikes of harmful requests (\"kill a process\"): General model"
                + " 100.0, Expert: safety 32.1, RT 96.4, CFT 67.9.", f.get(2));
        assertEquals("**Cost** (training steps of 32 examples): RT 438 from the base; CFT 188 after the general model's 250; the 2"
                + " experts 128 together, each trainable in parallel, and a merge adds none.", f.get(3));
    }
}
