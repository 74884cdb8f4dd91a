package dev.skillmerge.workflow.regress;

/**
 * One metric compared between a baseline and a candidate. {@code drop} is how much worse the candidate
 * is (positive = worse, for losses too); it passes when the drop is within the allowed amount.
 * A metric the candidate lacks (its hook failed or was not run) fails with candidate NaN.
 */
public record MetricCheck(String metric, double baseline, double candidate, double drop, double allowedDrop, String tolerance) {
    public boolean passed() {
        return !Double.isNaN(candidate) && drop <= allowedDrop + 1e-12;
    }
}
