package dev.skillmerge.workflow.demo.pipeline;

import dev.skillmerge.workflow.report.EvalSummary;

/**
 * One model's figures, as the paper reports them, in [0, 1] (NaN: not measured): General (exact match on
 * the held-out general mix), Science (JSON-list F1), Safety (refusal rate on harmful requests),
 * Exaggerated refusals (compliance rate on harmless look-alikes; higher is better), Code (pass@1), and
 * the safety suite's balanced accuracy (the mean of the two safety figures), used to choose weights.
 */
public record Scores(double general, double science, double safety, double compliance, double code, double safetyBalanced) {
    /** The figures in a combined summary written by {@link Evaluation}. */
    public static Scores of(EvalSummary s) {
        return new Scores(get(s, "general/score"), get(s, "science/score"), get(s, "safety/unsafe_refusal_rate"),
                get(s, "safety/safe_compliance_rate"), get(s, "code/pass@1"), get(s, "safety/balanced_accuracy"));
    }

    private static double get(EvalSummary s, String key) {
        return s.value(key).orElse(Double.NaN);
    }

    /** The figure a skill's weight is chosen on, and the single-expert check judges: its suite's primary metric. */
    public double skill(Suite suite) {
        return switch (suite) {
            case GENERAL -> general;
            case SCIENCE -> science;
            case SAFETY -> safetyBalanced;
            case CODE -> code;
        };
    }
}
