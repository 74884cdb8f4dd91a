package dev.skillmerge.taskvectors.arithmetic;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.merge.method.Linear;
import dev.skillmerge.merge.method.MergeMethod;
import dev.skillmerge.merge.plan.PlannedTensor;
import dev.skillmerge.merge.run.MergeRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Task-vector arithmetic as the merge engine's {@code linear} method with normalize off:
 * out = sum_k w_k x_k per tensor, accumulated in float32 in input order, streamed in chunks on the
 * merge engine's threads and writer. Extract is 1 * tuned + (-1) * base, apply is 1 * general +
 * sum_k w_k tau_k, scale, negate, add and sub are weighted sums of task vectors.
 */
final class WeightedSum {
    private static final MergeMethod LINEAR = new Linear();

    private WeightedSum() {
    }

    /** One output tensor: sum_k weights[k] * inputs[k], written as {@code dtype}. */
    static PlannedTensor of(StoredTensor shapeOf, DType dtype, List<StoredTensor> inputs, double[] weights) {
        List<Map<String, Double>> perModel = new ArrayList<>();
        for (double w : weights) {
            perModel.add(Map.of("weight", w));
        }
        return new PlannedTensor(shapeOf.name(), shapeOf.shape(), dtype, null, inputs, perModel, Map.of("normalize", 0.0), false);
    }

    /** A tensor copied unchanged (integer buffers of the general model). */
    static PlannedTensor copy(StoredTensor t) {
        return new PlannedTensor(t.name(), t.shape(), t.dtype(), null, List.of(t), List.of(), Map.of(), true);
    }

    /** Runs the planned tensors into {@code outDir} with float32 inputs (no rounding before the sum). */
    static void run(List<PlannedTensor> tensors, Path subject, int threads, long maxShardBytes, Path outDir, Progress progress)
            throws IOException, UserInputException {
        MergeRunner.run(LINEAR, tensors, null, subject, 0, threads, maxShardBytes, outDir, progress);
    }
}
