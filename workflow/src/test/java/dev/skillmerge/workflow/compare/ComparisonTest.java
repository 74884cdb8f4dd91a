package dev.skillmerge.workflow.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.workflow.report.ParetoFront;
import dev.skillmerge.workflow.report.SvgChart;
import dev.skillmerge.workflow.testing.Summaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {
    @TempDir
    Path dir;

    @Test
    void showsEveryPrimaryMetricWithDeltasAgainstTheReferenceAndTrainingCost() throws Exception {
        Summaries.write(dir.resolve("g"), 0.5, 0.8, 0.9, 2.0);
        Summaries.write(dir.resolve("rt"), 0.55, 0.7, 0.4, 1.9);
        Files.createDirectories(dir.resolve("rt-model"));
        Files.writeString(dir.resolve("rt-model/training.json"), "{\"steps\": 120, \"dataset\": {\"examples\": 3840, \"tokens\": 500000}, \"wall_seconds\": 61.5}");
        Comparison c = Comparison.of(List.of(RunRef.parse("general=" + dir.resolve("g")), RunRef.parse("rt=" + dir.resolve("rt") + "@" + dir.resolve("rt-model"))),
                Optional.empty(), List.of());
        assertEquals(List.of("gsm8k/accuracy", "xstest/balanced_accuracy", "perplexity/loss"), c.metrics());
        assertEquals("""
                | run | gsm8k/accuracy | xstest/balanced_accuracy | perplexity/loss | steps | examples | tokens | wall s |
                |---|---|---|---|---|---|---|---|
                | general (reference) | 0.5000 | 0.8000 | 2.0000 | - | - | - | - |
                | rt | 0.5500 (+0.050) | 0.7000 (-0.100) | 1.9000 (-0.100) | 120 | 3,840 | 500,000 | 61.5 |
                """, c.markdown());
        assertEquals("""
                run,gsm8k/accuracy,gsm8k/accuracy delta,xstest/balanced_accuracy,xstest/balanced_accuracy delta,perplexity/loss,perplexity/loss delta,steps,examples,tokens,wall_seconds
                general,0.5000,0.0000,0.8000,0.0000,2.0000,0.0000,,,,
                rt,0.5500,0.0500,0.7000,-0.1000,1.9000,-0.1000,120,3840,500000,61.500
                """, c.csv());
        assertTrue(c.svg().startsWith("<svg"));
    }

    @Test
    void chosenMetricsAndReferenceAreHonoured() throws Exception {
        Summaries.write(dir.resolve("a"), 0.5, 0.8, 0.9, 2.0);
        Summaries.write(dir.resolve("b"), 0.7, 0.8, 0.6, 2.0);
        Comparison c = Comparison.of(List.of(RunRef.parse(dir.resolve("a").toString()), RunRef.parse(dir.resolve("b").toString())),
                Optional.of("b"), List.of("xstest/safe_compliance_rate"));
        assertEquals(1, c.reference());
        assertEquals(0.3, c.json().path("runs").get(0).path("delta").path("xstest/safe_compliance_rate").asDouble(), 1e-12);
    }

    @Test
    void theParetoFrontKeepsPointsNoOtherBeatsOnBothAxes() {
        List<SvgChart.Point> points = List.of(new SvgChart.Point(0.1, 0.9, "a"), new SvgChart.Point(0.5, 0.5, "b"),
                new SvgChart.Point(0.4, 0.4, "dominated"), new SvgChart.Point(0.9, 0.2, "c"), new SvgChart.Point(0.5, 0.6, "b2"));
        assertEquals(List.of("a", "b2", "c"), ParetoFront.of(points).stream().map(SvgChart.Point::label).toList());
    }
}
