package dev.skillmerge.merge.method;

import dev.skillmerge.merge.kernel.VectorKernels;
import dev.skillmerge.merge.sparsify.RankCutoff;
import dev.skillmerge.merge.sparsify.RankSelection;
import java.io.IOException;
import java.util.List;

/**
 * SCE (Wan et al. 2024, FuseChat): Select the int(select_topk * #nonzero) positions of highest variance
 * across task vectors (others zeroed), Calculate per-model weights w_i = mean(delta_i^2) / sum_j
 * mean(delta_j^2) (uniform when all are 0), Erase entries against the sign of sum_i delta_i; theta =
 * theta_base + sum_i w_i m_i delta_i / sum_i w_i m_i (0 -> 1).
 */
public final class Sce implements MergeMethod {
    @Override
    public String name() {
        return "sce";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.global("select_topk", 1.0, 0, 1, "fraction of highest-variance positions kept"),
                ParameterSpec.flag("int8_mask", false,
                        "accepted for mergekit configs: a mask-memory setting there; masks are never materialized here, so it changes nothing"));
    }

    @Override
    public BaseModelUse baseModel() {
        return BaseModelUse.REQUIRED;
    }

    @Override
    public void merge(TensorMerge tensor) throws IOException {
        int n = tensor.models();
        long size = tensor.size();
        double topk = tensor.global("select_topk");
        RankCutoff cutoff = RankCutoff.ALL;
        if (topk < 1) {
            long[] nonzero = new long[1];
            tensor.scan(chunk -> {
                float[] v = tensor.work(1);
                variances(tensor, chunk, v);
                for (int i = 0; i < chunk.length; i++) {
                    if (v[i] != 0) {
                        nonzero[0]++;
                    }
                }
            });
            long k = (long) (topk * nonzero[0]);
            cutoff = k == 0 ? RankCutoff.NONE
                    : RankSelection.select(tensor, 1, (chunk, stream, keys) -> variances(tensor, chunk, keys), new long[][] {{size - k}})[0][0];
        }
        RankCutoff selected = cutoff;
        double[] meanSquare = new double[n];
        RankCutoff.Gate measuring = selected.gate();
        tensor.scan(chunk -> {
            float[] v = tensor.work(1);
            variances(tensor, chunk, v);
            float[] zero = tensor.work(3);
            java.util.Arrays.fill(zero, 0, chunk.length, 0f);
            float[] selectedOnes = tensor.work(4);
            java.util.Arrays.fill(selectedOnes, 0, chunk.length, 1f);
            measuring.replaceBelow(v, selectedOnes, zero, chunk.length);
            // each model's sum in position order, in a local (a running sum kept in the array waits on a
            // store and a load per position); unselected positions add +0.0, which changes no sum of squares
            for (int k = 0; k < n; k++) {
                float[] m = chunk.models[k];
                double sum = meanSquare[k];
                for (int i = 0; i < chunk.length; i++) {
                    double d = selectedOnes[i] != 0 ? m[i] - chunk.base[i] : 0f;
                    sum += d * d;
                }
                meanSquare[k] = sum;
            }
        });
        double total = 0;
        for (double m : meanSquare) {
            total += m / size;
        }
        float[] weight = new float[n];
        for (int k = 0; k < n; k++) {
            weight[k] = (float) (total == 0 ? 1.0 / n : meanSquare[k] / size / total);
        }
        RankCutoff.Gate gate = selected.gate();
        tensor.write((chunk, out) -> {
            int length = chunk.length;
            float[] v = tensor.work(1);
            variances(tensor, chunk, v);
            float[] sign = tensor.work(2);
            float[] mixed = tensor.work(3);
            float[] divisor = tensor.work(4);
            float[][] delta = new float[n][];
            java.util.Arrays.fill(sign, 0, length, 0f);
            for (int k = 0; k < n; k++) {
                delta[k] = tensor.work(5 + k);
                TaskVectors.delta(chunk, k, delta[k]);
                VectorKernels.add(sign, delta[k], length);
            }
            VectorKernels.electSigns(sign, length);
            java.util.Arrays.fill(mixed, 0, length, 0f);
            java.util.Arrays.fill(divisor, 0, length, 0f);
            for (int k = 0; k < n; k++) {
                VectorKernels.addAgreeingWeighted(delta[k], weight[k], sign, mixed, divisor, length);
            }
            // base + 1 * q in one rounding is base + q
            VectorKernels.offsetByQuotient(chunk.base, mixed, divisor, 1f, out, length);
            gate.replaceBelow(v, out, chunk.base, length);
        });
    }

    /**
     * Population variance across models of the task vectors at each position of the chunk. Model by model
     * over whole arrays (loops C2 vectorizes), each position adding its terms in the same order as a
     * per-position loop would: mean = (sum_k (m_k - b)) / n, var = (sum_k (m_k - b - mean)^2) / n. The
     * means take work slot 2, free again when this returns.
     */
    private static void variances(TensorMerge tensor, Chunk chunk, float[] out) {
        int n = chunk.models.length;
        int length = chunk.length;
        float[] b = chunk.base;
        float[] mean = tensor.work(2);
        java.util.Arrays.fill(mean, 0, length, 0f);
        for (float[] m : chunk.models) {
            for (int i = 0; i < length; i++) {
                mean[i] += m[i] - b[i];
            }
        }
        for (int i = 0; i < length; i++) {
            mean[i] /= n;
        }
        java.util.Arrays.fill(out, 0, length, 0f);
        for (float[] m : chunk.models) {
            for (int i = 0; i < length; i++) {
                float d = m[i] - b[i] - mean[i];
                out[i] += d * d;
            }
        }
        for (int i = 0; i < length; i++) {
            out[i] /= n;
        }
    }
}
