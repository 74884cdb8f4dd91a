package dev.skillmerge.merge.method;

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
                variances(chunk, v);
                for (int i = 0; i < chunk.length; i++) {
                    if (v[i] != 0) {
                        nonzero[0]++;
                    }
                }
            });
            long k = (long) (topk * nonzero[0]);
            cutoff = k == 0 ? RankCutoff.NONE
                    : RankSelection.select(tensor, 1, (chunk, stream, keys) -> variances(chunk, keys), new long[][] {{size - k}})[0][0];
        }
        RankCutoff selected = cutoff;
        double[] meanSquare = new double[n];
        RankCutoff.Gate measuring = selected.gate();
        tensor.scan(chunk -> {
            float[] v = tensor.work(1);
            variances(chunk, v);
            for (int i = 0; i < chunk.length; i++) {
                if (measuring.atOrAbove(v[i])) {
                    for (int k = 0; k < n; k++) {
                        double d = chunk.models[k][i] - chunk.base[i];
                        meanSquare[k] += d * d;
                    }
                }
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
            float[] v = tensor.work(1);
            variances(chunk, v);
            for (int i = 0; i < chunk.length; i++) {
                float b = chunk.base[i];
                if (!gate.atOrAbove(v[i])) {
                    out[i] = b;
                    continue;
                }
                float sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += chunk.models[k][i] - b;
                }
                float sign = sum >= 0 ? 1 : -1;
                float mixed = 0;
                float divisor = 0;
                for (int k = 0; k < n; k++) {
                    float d = chunk.models[k][i] - b;
                    if (Math.signum(d) == sign) {
                        mixed += weight[k] * d;
                        divisor += weight[k];
                    }
                }
                out[i] = b + mixed / (divisor == 0 ? 1 : divisor);
            }
        });
    }

    /** Population variance across models of the task vectors at each position of the chunk. */
    private static void variances(Chunk chunk, float[] out) {
        int n = chunk.models.length;
        for (int i = 0; i < chunk.length; i++) {
            float b = chunk.base[i];
            float mean = 0;
            for (int k = 0; k < n; k++) {
                mean += chunk.models[k][i] - b;
            }
            mean /= n;
            float var = 0;
            for (int k = 0; k < n; k++) {
                float d = chunk.models[k][i] - b - mean;
                var += d * d;
            }
            out[i] = var / n;
        }
    }
}
