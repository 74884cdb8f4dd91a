package dev.skillmerge.finetune.train;

/**
 * What one optimizer step did.
 *
 * @param step          steps done, this one included (1-based)
 * @param loss          mean -log p over the step's learned tokens
 * @param learningRate  the rate this update used
 * @param gradientNorm  the global gradient norm before clipping
 * @param tokens        positions processed (padding excluded)
 * @param trainedTokens positions whose next token the loss covered
 * @param seconds       wall time of the step
 * @param cpuSeconds    CPU time of the training thread during the step: with one PyTorch thread, the step's
 *                      computation; below {@code seconds} when other processes take the core
 * @param elapsed       wall time of the run so far, earlier sessions of a resumed run included
 */
public record StepReport(long step, long totalSteps, int epoch, double loss, double learningRate, double gradientNorm, int tokens,
                         int trainedTokens, double seconds, double cpuSeconds, double elapsed) {
}
