package dev.skillmerge.workflow.regress;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.workflow.report.EvalSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code skillmerge regress}: compares a candidate's eval results with a baseline's, metric by metric,
 * against tolerances. Without tolerances every primary metric the baseline has must not drop at all.
 * Named metrics override the {@code *} default. A metric named explicitly but missing from the baseline
 * is an input error; one missing from the candidate is a failure.
 */
public final class RegressionGate {
    private RegressionGate() {
    }

    public static List<MetricCheck> check(EvalSummary baseline, EvalSummary candidate, List<Tolerance> tolerances) throws UserInputException {
        Map<String, Tolerance> byMetric = new LinkedHashMap<>();
        Tolerance everyPrimary = null;
        for (Tolerance t : tolerances) {
            if (t.metric().equals(Tolerance.EVERY_PRIMARY)) {
                everyPrimary = t;
            } else {
                byMetric.put(t.metric(), t);
            }
        }
        if (tolerances.isEmpty()) {
            everyPrimary = new Tolerance(Tolerance.EVERY_PRIMARY, 0, false);
        }
        Map<String, Tolerance> plan = new LinkedHashMap<>();
        if (everyPrimary != null) {
            for (Map.Entry<String, String> e : baseline.primaryKeys().entrySet()) {
                if (baseline.value(e.getValue()).isPresent()) {
                    plan.put(e.getValue(), everyPrimary);
                }
            }
        }
        for (Map.Entry<String, Tolerance> e : byMetric.entrySet()) {
            plan.put(fullKey(baseline, e.getKey()), e.getValue());
        }
        List<MetricCheck> checks = new ArrayList<>();
        for (Map.Entry<String, Tolerance> e : plan.entrySet()) {
            String metric = e.getKey();
            double base = baseline.value(metric).orElseThrow(() -> UserInputException.about(baseline.file(),
                    "has no value for " + metric + " (its hook is missing or failed)"));
            Optional<Double> cand = candidate.value(metric);
            double value = cand.orElse(Double.NaN);
            double drop = EvalSummary.lowerIsBetter(metric) ? value - base : base - value;
            checks.add(new MetricCheck(metric, base, value, drop, e.getValue().allowedDrop(base), e.getValue().describe()));
        }
        return checks;
    }

    /** "gsm8k" names the hook's primary metric: "gsm8k/accuracy". */
    private static String fullKey(EvalSummary baseline, String key) throws UserInputException {
        if (key.contains("/")) {
            return key;
        }
        String full = baseline.primaryKeys().get(key);
        if (full == null) {
            throw UserInputException.about(baseline.file(), "has no hook '" + key + "' (hooks: " + String.join(", ", baseline.hooks().keySet()) + ")");
        }
        return full;
    }
}
