package dev.skillmerge.finetune.recipe;

/**
 * Linear warm-up then linear decay to 0, exactly as transformers' get_linear_schedule_with_warmup (which
 * open-instruct and the paper use): update k (0-based) of N uses lr * k / W during the W = ceil(ratio * N)
 * warm-up steps, then lr * (N - k) / (N - W). As there, the first update of a warmed-up run has rate 0.
 */
public record LearningRateSchedule(double peak, long totalSteps, long warmupSteps) {
    public static LearningRateSchedule of(double peak, long totalSteps, double warmupRatio) {
        return new LearningRateSchedule(peak, totalSteps, (long) Math.ceil(totalSteps * warmupRatio));
    }

    public double at(long step) {
        if (step < warmupSteps) {
            return peak * step / Math.max(1, warmupSteps);
        }
        return peak * Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
    }
}
