package dev.skillmerge.merge.sparsify;

/**
 * DARE-style rescaling that matches the L1 norm of the task vector before and after dropping entries:
 * factor = ||delta||_1 / ||delta * mask||_1, or 1 when either norm is under 1e-7 (mergekit's
 * {@code rescaled_masked_tensor}). The DARE paper instead divides by the density; see
 * {@code rescale_by_density}.
 */
public final class L1Rescale {
    static final double EPS = 1e-7;

    private L1Rescale() {
    }

    public static float factor(double before, double after) {
        return before < EPS || after < EPS ? 1f : (float) (before / after);
    }
}
