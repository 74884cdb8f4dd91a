package dev.skillmerge.merge.method;

import dev.skillmerge.merge.kernel.VectorKernels;
import java.io.IOException;
import java.util.List;

/**
 * Model Stock (Jang et al. 2024): with g_i = theta_i - theta_base, c = mean over pairs of
 * clamp(<g_i, g_j> / max(|g_i| |g_j|, 1e-6), -1, 1) and N models, t = N c / (1 + (N - 1) c);
 * theta = t mean_i(theta_i) + (1 - t) theta_base. Over the flattened tensor, or per row with filter_wise.
 */
public final class ModelStock implements MergeMethod {
    @Override
    public String name() {
        return "model_stock";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.flag("filter_wise", false, "compute the interpolation ratio per row instead of per tensor"));
    }

    @Override
    public BaseModelUse baseModel() {
        return BaseModelUse.REQUIRED;
    }

    @Override
    public int minModels() {
        return 2;
    }

    @Override
    public void merge(TensorMerge tensor) throws IOException {
        int n = tensor.models();
        if (tensor.flag("filter_wise")) {
            tensor.write((chunk, out) -> {
                float[][] g = deltas(tensor, chunk);
                int row = chunk.rowLength;
                for (int start = 0; start < chunk.length; start += row) {
                    double[][] gram = new double[n][n];
                    accumulate(g, start, row, gram);
                    blend(chunk, start, row, ratio(gram, n), out);
                }
            });
            return;
        }
        double[][] gram = new double[n][n];
        tensor.scan(chunk -> accumulate(deltas(tensor, chunk), 0, chunk.length, gram));
        float t = ratio(gram, n);
        tensor.write((chunk, out) -> blend(chunk, 0, chunk.length, t, out));
    }

    /** The chunk's task vectors g_k = theta_k - theta_base, in this thread's work buffers. */
    private static float[][] deltas(TensorMerge tensor, Chunk chunk) {
        float[][] g = new float[chunk.models.length][];
        for (int k = 0; k < g.length; k++) {
            g[k] = tensor.work(k);
            TaskVectors.delta(chunk, k, g[k]);
        }
        return g;
    }

    /** Adds <g_i, g_j> over elements [from, from + length) to the Gram matrix of task vectors. */
    private static void accumulate(float[][] g, int from, int length, double[][] gram) {
        for (int i = 0; i < g.length; i++) {
            for (int j = i; j < g.length; j++) {
                gram[i][j] += VectorKernels.dot(g[i], g[j], from, length);
            }
        }
    }

    private static float ratio(double[][] gram, int n) {
        double cos = 0;
        int pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double normProduct = Math.sqrt(gram[i][i]) * Math.sqrt(gram[j][j]);
                cos += Math.max(-1, Math.min(1, gram[i][j] / Math.max(normProduct, 1e-6)));
                pairs++;
            }
        }
        cos /= pairs;
        return (float) (n * cos / (1 + (n - 1) * cos));
    }

    // out = t * mean + (1 - t) * base, the mean summed model by model: whole-array passes C2 vectorizes,
    // with the float operations of the per-element loop it replaced (0 + m_0 + m_1 ..., then / n).
    private static void blend(Chunk chunk, int from, int length, float t, float[] out) {
        int n = chunk.models.length;
        float[] b = chunk.base;
        int end = from + length;
        java.util.Arrays.fill(out, from, end, 0f);
        for (float[] m : chunk.models) {
            for (int e = from; e < end; e++) {
                out[e] += m[e];
            }
        }
        float keep = 1 - t;
        for (int e = from; e < end; e++) {
            out[e] = t * (out[e] / n) + keep * b[e];
        }
    }
}
