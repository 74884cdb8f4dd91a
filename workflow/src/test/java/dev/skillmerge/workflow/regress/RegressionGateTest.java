package dev.skillmerge.workflow.regress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.workflow.report.EvalSummary;
import dev.skillmerge.workflow.testing.Summaries;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegressionGateTest {
    @TempDir
    Path dir;

    private List<MetricCheck> check(double[] base, double[] cand, String... tolerances) throws Exception {
        EvalSummary b = EvalSummary.read(Summaries.write(dir.resolve("b"), base[0], base[1], base[2], base[3]));
        EvalSummary c = EvalSummary.read(Summaries.write(dir.resolve("c"), cand[0], cand[1], cand[2], cand[3]));
        List<Tolerance> t = new java.util.ArrayList<>();
        for (String s : tolerances) {
            t.add(Tolerance.parse(s));
        }
        return RegressionGate.check(b, c, t);
    }

    @Test
    void withoutTolerancesEveryPrimaryMetricMustNotDrop() throws Exception {
        List<MetricCheck> checks = check(new double[] {0.5, 0.8, 0.9, 2.0}, new double[] {0.5, 0.79, 0.9, 2.0});
        assertEquals(List.of("gsm8k/accuracy", "xstest/balanced_accuracy", "perplexity/loss"), checks.stream().map(MetricCheck::metric).toList());
        assertTrue(checks.get(0).passed());
        assertFalse(checks.get(1).passed());
        assertEquals(0.01, checks.get(1).drop(), 1e-12);
        assertTrue(checks.get(2).passed());
    }

    @Test
    void aRisingLossIsARegression() throws Exception {
        List<MetricCheck> checks = check(new double[] {0.5, 0.8, 0.9, 2.0}, new double[] {0.6, 0.9, 0.9, 2.5}, "*=0.1");
        MetricCheck loss = checks.get(2);
        assertEquals(0.5, loss.drop(), 1e-12);
        assertFalse(loss.passed());
        assertTrue(checks.get(0).passed());
    }

    @Test
    void namedTolerancesOverrideTheDefaultAndRelativeOnesScaleWithTheBaseline() throws Exception {
        List<MetricCheck> checks = check(new double[] {0.5, 0.8, 0.9, 2.0}, new double[] {0.46, 0.8, 0.85, 2.0},
                "*=0", "gsm8k=10%", "xstest/safe_compliance_rate=0.04");
        assertEquals(List.of("gsm8k/accuracy", "xstest/balanced_accuracy", "perplexity/loss", "xstest/safe_compliance_rate"),
                checks.stream().map(MetricCheck::metric).toList());
        assertEquals(0.05, checks.get(0).allowedDrop(), 1e-12);
        assertTrue(checks.get(0).passed(), "dropped 0.04, allowed 10% of 0.5");
        assertFalse(checks.get(3).passed(), "dropped 0.05, allowed 0.04");
    }

    @Test
    void aMetricMissingFromTheCandidateFails() throws Exception {
        EvalSummary b = EvalSummary.read(Summaries.write(dir.resolve("b"), 0.5, 0.8, 0.9, 2.0));
        java.nio.file.Files.writeString(dir.resolve("c.json"), """
                {"schema": "skillmerge.eval.summary/1", "hooks": {"gsm8k": {"status": "failed", "error": "boom"}}}""");
        List<MetricCheck> checks = RegressionGate.check(b, EvalSummary.read(dir.resolve("c.json")), List.of());
        assertTrue(checks.stream().noneMatch(MetricCheck::passed));
        assertTrue(Double.isNaN(checks.get(0).candidate()));
    }

    @Test
    void aNamedMetricTheBaselineLacksIsAnInputError() throws Exception {
        UserInputException e = assertThrows(UserInputException.class,
                () -> check(new double[] {0.5, 0.8, 0.9, 2.0}, new double[] {0.5, 0.8, 0.9, 2.0}, "humaneval=0.01"));
        assertTrue(e.getMessage().endsWith("has no hook 'humaneval' (hooks: gsm8k, xstest, perplexity)"), e.getMessage());
    }

    @Test
    void badTolerancesAreExplained() {
        assertThrows(UserInputException.class, () -> Tolerance.parse("gsm8k"));
        UserInputException e = assertThrows(UserInputException.class, () -> Tolerance.parse("gsm8k=-1"));
        assertEquals("--max-drop 'gsm8k=-1': '-1' is not a non-negative number or percentage", e.getMessage());
    }

    @Test
    void junitXmlHasOneTestCasePerMetricAndFailuresForRegressions() throws Exception {
        List<MetricCheck> checks = check(new double[] {0.5, 0.8, 0.9, 2.0}, new double[] {0.4, 0.8, 0.9, 2.0});
        String xml = RegressionReport.junitXml(checks);
        assertTrue(xml.contains("<testsuite name=\"skillmerge-regress\" tests=\"3\" failures=\"1\""), xml);
        assertTrue(xml.contains("<testcase classname=\"skillmerge.regress\" name=\"gsm8k/accuracy\">\n    <failure message=\"dropped 0.1000 (from 0.5000 to 0.4000), allowed 0\"/>"), xml);
        assertTrue(xml.contains("<testcase classname=\"skillmerge.regress\" name=\"perplexity/loss\"/>"), xml);
    }
}
