package dev.skillmerge.merge.method;

import java.io.IOException;
import java.util.List;

/**
 * Multi-SLERP: barycentric interpolation of several models on the hypersphere. With x_i the flattened
 * tensors (task vectors when there is a base), u_i = x_i/(|x_i| + eps), weights w normalized to sum 1
 * (normalize_weights): m = sum w_i u_i / |.|; tangents t_i = u_i - <u_i, m> m; T = sum w_i t_i;
 * result = (m cos|T| + T sin|T|/|T|) * sum_i w_i |x_i| (|T| taken plus eps), plus the base if any.
 * When |sum w_i u_i| < eps: two models fall back to sum w_i x_i, more are an error.
 */
public final class MultiSlerp implements MergeMethod {
    /** Each thread's buffer for one chunk's mean directions. */
    private static final ThreadLocal<double[]> MEANS = ThreadLocal.withInitial(() -> new double[0]);

    @Override
    public String name() {
        return "multislerp";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.perModel("weight", null, -Double.MAX_VALUE, Double.MAX_VALUE, "this model's weight"),
                ParameterSpec.flag("normalize_weights", true, "divide weights by their sum"),
                ParameterSpec.global("eps", 1e-8, 0, 1, "numerical floor for norms"));
    }

    @Override
    public BaseModelUse baseModel() {
        return BaseModelUse.OPTIONAL;
    }

    @Override
    public void merge(TensorMerge tensor) throws IOException {
        int n = tensor.models();
        if (n == 1) {
            tensor.write((chunk, out) -> System.arraycopy(chunk.models[0], 0, out, 0, chunk.length));
            return;
        }
        boolean hasBase = tensor.hasBase();
        double eps = tensor.global("eps");
        double[] w = new double[n];
        double weightSum = 0;
        for (int k = 0; k < n; k++) {
            w[k] = tensor.param(k, "weight");
            weightSum += w[k];
        }
        if (tensor.flag("normalize_weights")) {
            for (int k = 0; k < n; k++) {
                w[k] /= weightSum;
            }
        }
        double[] norm2 = new double[n];
        tensor.scan(chunk -> {
            for (int k = 0; k < n; k++) {
                double s = 0;
                for (int i = 0; i < chunk.length; i++) {
                    double x = x(chunk, k, i, hasBase);
                    s += x * x;
                }
                norm2[k] += s;
            }
        });
        double[] scale = new double[n]; // w_k / (|x_k| + eps): unit vector times weight
        double avgNorm = 0;
        for (int k = 0; k < n; k++) {
            double norm = Math.sqrt(norm2[k]);
            scale[k] = 1 / (norm + eps);
            avgNorm += norm * w[k];
        }
        // Running sums live in locals within a chunk (a sum kept in an array waits on a store and a load per
        // element), in the same order as ever.
        double[] meanNorm2 = new double[1];
        tensor.scan(chunk -> {
            double sum = meanNorm2[0];
            for (int i = 0; i < chunk.length; i++) {
                double m = mean(chunk, i, n, w, scale, hasBase);
                sum += m * m;
            }
            meanNorm2[0] = sum;
        });
        double meanNorm = Math.sqrt(meanNorm2[0]);
        if (meanNorm < eps) {
            if (n != 2) {
                throw new InvalidMergeException("multislerp: the weighted sum of the unit inputs is zero (antipodal inputs"
                        + " with balancing weights); choose different weights");
            }
            tensor.write((chunk, out) -> {
                for (int i = 0; i < chunk.length; i++) {
                    double r = w[0] * x(chunk, 0, i, hasBase) + w[1] * x(chunk, 1, i, hasBase);
                    out[i] = (float) (hasBase ? chunk.base[i] + r : r);
                }
            });
            return;
        }
        double[] dots = new double[n]; // <u_k, m>
        tensor.scan(chunk -> {
            double[] m = means(chunk, n, w, scale, meanNorm, hasBase);
            for (int k = 0; k < n; k++) {
                double sum = dots[k];
                for (int i = 0; i < chunk.length; i++) {
                    sum += scale[k] * x(chunk, k, i, hasBase) * m[i];
                }
                dots[k] = sum;
            }
        });
        double[] tangentNorm2 = new double[1];
        tensor.scan(chunk -> {
            double sum = tangentNorm2[0];
            for (int i = 0; i < chunk.length; i++) {
                double tangent = tangent(chunk, i, mean(chunk, i, n, w, scale, hasBase) / meanNorm, n, w, scale, dots, hasBase);
                sum += tangent * tangent;
            }
            tangentNorm2[0] = sum;
        });
        double tangentNorm = Math.sqrt(tangentNorm2[0]) + eps;
        double cos = Math.cos(tangentNorm);
        double sinOverNorm = Math.sin(tangentNorm) / tangentNorm;
        double finalScale = avgNorm;
        tensor.write((chunk, out) -> {
            for (int i = 0; i < chunk.length; i++) {
                double m = mean(chunk, i, n, w, scale, hasBase) / meanNorm;
                double r = (m * cos + tangent(chunk, i, m, n, w, scale, dots, hasBase) * sinOverNorm) * finalScale;
                out[i] = (float) (hasBase ? chunk.base[i] + r : r);
            }
        });
    }

    private static double x(Chunk chunk, int k, int i, boolean hasBase) {
        return hasBase ? chunk.models[k][i] - chunk.base[i] : chunk.models[k][i];
    }

    private static double mean(Chunk chunk, int i, int n, double[] w, double[] scale, boolean hasBase) {
        double m = 0;
        for (int k = 0; k < n; k++) {
            m += w[k] * scale[k] * x(chunk, k, i, hasBase);
        }
        return m;
    }

    /** The normalized mean direction m at every element of the chunk, in a per-thread buffer. */
    private static double[] means(Chunk chunk, int n, double[] w, double[] scale, double meanNorm, boolean hasBase) {
        double[] m = MEANS.get();
        if (m.length < chunk.length) {
            m = new double[chunk.length];
            MEANS.set(m);
        }
        for (int i = 0; i < chunk.length; i++) {
            m[i] = mean(chunk, i, n, w, scale, hasBase) / meanNorm;
        }
        return m;
    }

    /** sum_k w_k (u_k - <u_k, m> m) at element i, where the normalized mean direction is m. */
    private static double tangent(Chunk chunk, int i, double m, int n, double[] w, double[] scale, double[] dots, boolean hasBase) {
        double t = 0;
        for (int k = 0; k < n; k++) {
            t += w[k] * (scale[k] * x(chunk, k, i, hasBase) - dots[k] * m);
        }
        return t;
    }
}
