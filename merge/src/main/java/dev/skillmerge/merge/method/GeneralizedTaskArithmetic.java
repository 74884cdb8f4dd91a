package dev.skillmerge.merge.method;

import dev.skillmerge.merge.kernel.VectorKernels;
import dev.skillmerge.merge.sparsify.Sparsification;
import dev.skillmerge.merge.sparsify.Sparsifier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The family of task-vector methods (task_arithmetic, ties, dare_*, breadcrumbs*, della*), as mergekit
 * defines it:
 * <pre>
 *   delta_i = theta_i - theta_base, sparsified per tensor;   u_i = w_i delta_i
 *   with sign consensus: s = sign(sum_i u_i) (+1 where >= 0), m_i = [sign(u_i) == s],
 *                        Delta = sum_i m_i u_i, divisor = sum_i w_i m_i (0 -> 1)
 *   without:             Delta = sum_i u_i, divisor = sum_i w_i (|.| < 1e-8 -> 1)
 *   theta = theta_base + lambda * (normalize ? Delta / divisor : Delta)
 * </pre>
 * Each concrete method is a small subclass that picks the sparsifier, consensus and defaults.
 */
public abstract class GeneralizedTaskArithmetic implements MergeMethod {
    private final String name;
    private final Sparsifier sparsifier;
    private final boolean consensus;
    private final List<ParameterSpec> parameters = new ArrayList<>();

    protected GeneralizedTaskArithmetic(String name, Sparsifier sparsifier, boolean consensus, boolean normalizeDefault,
                                        boolean rescaleDefault, List<ParameterSpec> extra) {
        this.name = name;
        this.sparsifier = sparsifier;
        this.consensus = consensus;
        parameters.add(ParameterSpec.perModel("weight", null, -Double.MAX_VALUE, Double.MAX_VALUE, "scale of this model's task vector"));
        if (sparsifier != null) {
            parameters.add(ParameterSpec.perModel("density", 1.0, 0, 1, "fraction of task-vector entries kept"));
            parameters.add(ParameterSpec.flag("rescale", rescaleDefault, "rescale kept entries to the task vector's L1 norm"));
        }
        parameters.add(ParameterSpec.flag("normalize", normalizeDefault, "divide by the sum of (agreeing) weights"));
        parameters.add(ParameterSpec.global("lambda", 1.0, -Double.MAX_VALUE, Double.MAX_VALUE, "scale of the merged task vector"));
        parameters.add(ParameterSpec.flag("int8_mask", false,
                "accepted for mergekit configs: a mask-memory setting there; masks are never materialized here, so it changes nothing"));
        parameters.addAll(extra);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.copyOf(parameters);
    }

    @Override
    public BaseModelUse baseModel() {
        return BaseModelUse.REQUIRED;
    }

    @Override
    public void merge(TensorMerge tensor) throws IOException {
        int models = tensor.models();
        float[] weight = new float[models];
        for (int k = 0; k < models; k++) {
            weight[k] = (float) tensor.param(k, "weight");
        }
        boolean normalize = tensor.flag("normalize");
        float lambda = (float) tensor.global("lambda");
        Sparsification sparsification = sparsifier == null ? Sparsification.NONE : sparsifier.prepare(tensor);
        float plainDivisor = 0;
        for (float w : weight) {
            plainDivisor += w;
        }
        float plainScale = lambda / (normalize && Math.abs(plainDivisor) >= 1e-8f ? plainDivisor : 1);
        tensor.write((chunk, out) -> {
            int n = chunk.length;
            if (consensus) {
                float[][] deltas = new float[models][];
                for (int k = 0; k < models; k++) {
                    deltas[k] = tensor.work(3 + k);
                    TaskVectors.delta(chunk, k, deltas[k]);
                    sparsification.apply(k, chunk, deltas[k]);
                }
                VectorKernels.signConsensus(deltas, weight, chunk.base, normalize, lambda, out, n);
                return;
            }
            float[] sum = tensor.work(0);
            java.util.Arrays.fill(sum, 0, n, 0f);
            for (int k = 0; k < models; k++) {
                if (sparsification == Sparsification.NONE) {
                    // delta, scale and add in one pass, with the same three roundings
                    VectorKernels.addScaledDifference(sum, chunk.models[k], chunk.base, weight[k], n);
                } else {
                    float[] u = tensor.work(3);
                    TaskVectors.delta(chunk, k, u);
                    sparsification.apply(k, chunk, u);
                    VectorKernels.addProduct(sum, u, weight[k], n);
                }
            }
            VectorKernels.offset(chunk.base, sum, plainScale, out, n);
        });
    }
}
