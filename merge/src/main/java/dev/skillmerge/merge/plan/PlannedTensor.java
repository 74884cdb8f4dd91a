package dev.skillmerge.merge.plan;

import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.checkpoint.tensor.TensorSpec;
import java.util.List;
import java.util.Map;

/**
 * One output tensor of a merge, fully resolved: where each input comes from, every parameter's value
 * for this tensor, and the dtype to write. {@code copy} tensors (non-float, or a single unscaled input)
 * are copied without arithmetic.
 */
public record PlannedTensor(
        String name,
        Shape shape,
        DType outputDtype,
        StoredTensor base,
        List<StoredTensor> inputs,
        List<Map<String, Double>> modelParameters,
        Map<String, Double> globalParameters,
        boolean copy) {

    public PlannedTensor {
        inputs = List.copyOf(inputs);
        modelParameters = List.copyOf(modelParameters);
        globalParameters = Map.copyOf(globalParameters);
    }

    public TensorSpec spec() {
        return new TensorSpec(name, outputDtype, shape);
    }

    public long outputBytes() {
        return spec().byteLength();
    }

    /** Bytes read from disk to compute this tensor once. */
    public long inputBytes() {
        long bytes = base == null ? 0 : base.byteLength();
        for (StoredTensor t : inputs) {
            if (t != base) {
                bytes += t.byteLength();
            }
        }
        return bytes;
    }

    /** The source tensor a copy reads from. */
    public StoredTensor copySource() {
        return inputs.isEmpty() ? base : inputs.getFirst();
    }
}
