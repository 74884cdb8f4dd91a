package dev.skillmerge.merge.sparsify;

import dev.skillmerge.merge.kernel.VectorKernels;
import dev.skillmerge.merge.method.TaskVectors;
import dev.skillmerge.merge.method.TensorMerge;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Wraps a mask with L1-norm-matching rescaling (see {@link L1Rescale}): one scan applies a fresh copy of
 * the mask to measure ||delta||_1 before and after, then the output pass applies the mask and the factor.
 */
public final class RescaledSparsification {
    private RescaledSparsification() {
    }

    /** {@code masks} must return a fresh, independent mask each call (masks may count as they go). */
    public static Sparsification l1(TensorMerge tensor, Supplier<Sparsification> masks) throws IOException {
        return l1(tensor, masks.get(), masks.get());
    }

    /**
     * With the mask applied twice as two objects: {@code measuring} on the scan, then {@code mask}, which
     * must zero the same entries, on the output pass (it may replay what {@code measuring} recorded).
     */
    public static Sparsification l1(TensorMerge tensor, Sparsification measuring, Sparsification mask) throws IOException {
        int models = tensor.models();
        double[] before = new double[models];
        double[] after = new double[models];
        tensor.scan(chunk -> {
            float[] delta = tensor.work(1);
            for (int k = 0; k < models; k++) {
                TaskVectors.delta(chunk, k, delta);
                before[k] += VectorKernels.sumOfAbs(delta, chunk.length);
                measuring.apply(k, chunk, delta);
                after[k] += VectorKernels.sumOfAbs(delta, chunk.length);
            }
        });
        float[] factor = new float[models];
        for (int k = 0; k < models; k++) {
            factor[k] = L1Rescale.factor(before[k], after[k]);
        }
        return (model, chunk, delta) -> {
            mask.apply(model, chunk, delta);
            float f = factor[model];
            if (f != 1f) {
                VectorKernels.scale(delta, f, chunk.length);
            }
        };
    }
}
