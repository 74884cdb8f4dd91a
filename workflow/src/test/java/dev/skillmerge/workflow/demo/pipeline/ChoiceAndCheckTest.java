package dev.skillmerge.workflow.demo.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.workflow.demo.report.CompositionCheck;
import dev.skillmerge.workflow.demo.report.SweepResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChoiceAndCheckTest {
    @Test
    void theDevWeightMaximizesTheMeanOfSkillAndGeneral() {
        List<SweepResult> points = List.of(new SweepResult("science", 0.2, 0.10, 0.80), new SweepResult("science", 0.5, 0.60, 0.70),
                new SweepResult("science", 1.0, 0.95, 0.30));
        assertEquals(0.5, DemoPipeline.choose(points)); // means 0.45, 0.65, 0.625
    }

    @Test
    void tiesGoToTheSmallerWeight() {
        List<SweepResult> points = List.of(new SweepResult("code", 0.4, 0.5, 0.5), new SweepResult("code", 0.3, 0.6, 0.4));
        assertEquals(0.3, DemoPipeline.choose(points));
    }

    @Test
    void theCheckNeedsEightyPercentOfGeneralAndSixtyPercentOfTheExpertsGain() {
        // G: general 0.80, skill 0.10; expert skill 0.90: need general >= 0.64 and skill >= 0.10 + 0.6 * 0.80 = 0.58
        assertTrue(CompositionCheck.passes(0.64, 0.58, 0.80, 0.10, 0.90));
        assertFalse(CompositionCheck.passes(0.63, 0.90, 0.80, 0.10, 0.90));
        assertFalse(CompositionCheck.passes(0.80, 0.57, 0.80, 0.10, 0.90));
        assertFalse(CompositionCheck.passes(0.80, 0.50, 0.80, 0.50, 0.40), "an expert no better than G gives nothing to gain");
    }

    @Test
    void theCheckListsEveryPassingWeight() {
        CompositionCheck c = new CompositionCheck("science", 0.8, 0.0, 1.0, List.of(new SweepResult("science", 0.3, 0.5, 0.8),
                new SweepResult("science", 0.6, 0.7, 0.7), new SweepResult("science", 1.0, 0.9, 0.5)));
        assertEquals(List.of(0.6), c.passingWeights());
        assertTrue(c.passed());
        assertEquals(0.6, c.best().orElseThrow().weight());
    }

    @Test
    void aCappedGeneratorShortensOnlyLongerBudgets() {
        CappedGenerator capped = new CappedGenerator(null, 64);
        var longer = new dev.skillmerge.eval.hook.Prompt.Text("def f():\n", List.of("\ndef"), 512);
        var shorter = new dev.skillmerge.eval.hook.Prompt.Text("x", List.of(), 16);
        assertEquals(new dev.skillmerge.eval.hook.Prompt.Text("def f():\n", List.of("\ndef"), 64), capped.cap(longer));
        assertEquals(shorter, capped.cap(shorter));
    }
}
