package dev.skillmerge.finetune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.List;

/**
 * Clipping by the global norm, as torch.nn.utils.clip_grad_norm_: the norm is that of all gradients
 * together, sqrt(sum ||g_i||^2), and every gradient is scaled by min(1, max / (norm + 1e-6)). The factor
 * goes to the optimizer as a gradient scale instead of rewriting the gradients.
 */
public record GradientClipping(double maxNorm) {
    /** The global L2 norm of {@code gradients} (one device-to-host transfer). */
    public static double norm(List<NDArray> gradients) {
        NDList norms = new NDList(gradients.size());
        for (NDArray g : gradients) {
            norms.add(g.norm());
        }
        return NDArrays.stack(norms).norm().getFloat();
    }

    /** The factor the gradients are multiplied by: 1 when clipping is off or the norm is within bounds. */
    public double factor(double norm) {
        if (maxNorm <= 0) {
            return 1.0;
        }
        return Math.min(1.0, maxNorm / (norm + 1e-6));
    }
}
