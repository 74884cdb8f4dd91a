package dev.skillmerge.merge.method;

import java.io.IOException;
import java.util.List;

/**
 * Karcher (Riemannian) mean of the inputs' directions, scaled by their mean norm. With u_i = x_i/|x_i|
 * for inputs with |x_i| > tol and equal weights a_i: start from m = normalize(sum a_i u_i); repeat up to
 * max_iter times: T = sum a_i (O_i / sin O_i)(u_i - cos O_i m) with cos O_i = <m, u_i> (inputs with
 * O_i < tol skipped), stop when |T| < tol, else m = normalize(cos|T| m + sin|T| T/|T|). Result:
 * m * mean_i |x_i|. The current m lives in a scratch file, so memory does not grow with tensor size.
 */
public final class Karcher implements MergeMethod {
    @Override
    public String name() {
        return "karcher";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.global("max_iter", 10.0, 0, 10_000, "most iterations"),
                ParameterSpec.global("tol", 1e-5, 0, 1, "convergence tolerance on the tangent norm"));
    }

    @Override
    public BaseModelUse baseModel() {
        return BaseModelUse.IGNORED;
    }

    @Override
    public boolean baseContributes() {
        return true;
    }

    @Override
    public void merge(TensorMerge tensor) throws IOException {
        int n = tensor.models();
        if (n == 1) {
            tensor.write((chunk, out) -> System.arraycopy(chunk.models[0], 0, out, 0, chunk.length));
            return;
        }
        int maxIter = (int) tensor.global("max_iter");
        double tol = tensor.global("tol");
        double[] norm2 = new double[n];
        tensor.scan(chunk -> {
            for (int k = 0; k < n; k++) {
                double s = 0;
                for (int i = 0; i < chunk.length; i++) {
                    s += (double) chunk.models[k][i] * chunk.models[k][i];
                }
                norm2[k] += s;
            }
        });
        double[] norm = new double[n];
        double[] inverse = new double[n]; // 1/|x_k| for valid inputs, 0 for the others
        double scale = 0;
        int valid = 0;
        for (int k = 0; k < n; k++) {
            norm[k] = Math.sqrt(norm2[k]);
            scale += norm[k] / n;
            if (norm[k] > tol) {
                inverse[k] = 1 / norm[k];
                valid++;
            }
        }
        if (valid == 0) {
            tensor.write((chunk, out) -> java.util.Arrays.fill(out, 0, chunk.length, 0f));
            return;
        }
        double alpha = 1.0 / valid;
        try (ScratchTensor mean = tensor.scratch()) {
            double[] coefficient = new double[n];
            for (int k = 0; k < n; k++) {
                coefficient[k] = alpha * inverse[k];
            }
            double initialNorm = combinationNorm(tensor, null, 0, coefficient);
            if (initialNorm < tol) {
                int first = 0;
                while (inverse[first] == 0) {
                    first++;
                }
                java.util.Arrays.fill(coefficient, 0);
                coefficient[first] = inverse[first];
                storeCombination(tensor, mean, null, 0, coefficient, 1);
            } else {
                storeCombination(tensor, mean, null, 0, coefficient, 1 / initialNorm);
            }
            for (int iteration = 0; iteration < maxIter; iteration++) {
                double[] dots = new double[n];
                tensor.scan(chunk -> {
                    float[] m = tensor.work(0);
                    mean.read(chunk.offset, m, chunk.length);
                    for (int k = 0; k < n; k++) {
                        double s = 0;
                        for (int i = 0; i < chunk.length; i++) {
                            s += m[i] * (double) chunk.models[k][i];
                        }
                        dots[k] += s * inverse[k];
                    }
                });
                // T = sum_k c_k u_k - (sum_k c_k cos_k) m, with c_k = a (O_k / sin O_k)
                double[] tangent = new double[n];
                double meanCoefficient = 0;
                for (int k = 0; k < n; k++) {
                    if (inverse[k] == 0) {
                        continue;
                    }
                    double cos = Math.max(-1, Math.min(1, dots[k]));
                    double theta = Math.acos(cos);
                    if (theta < tol) {
                        continue;
                    }
                    double c = alpha * theta / Math.sin(theta);
                    tangent[k] = c * inverse[k];
                    meanCoefficient -= c * cos;
                }
                double tangentNorm = combinationNorm(tensor, mean, meanCoefficient, tangent);
                if (tangentNorm < tol) {
                    break;
                }
                // m' = cos|T| m + sin|T| T/|T|, then normalized
                double keep = Math.cos(tangentNorm) + Math.sin(tangentNorm) / tangentNorm * meanCoefficient;
                double[] step = new double[n];
                for (int k = 0; k < n; k++) {
                    step[k] = Math.sin(tangentNorm) / tangentNorm * tangent[k];
                }
                double nextNorm = combinationNorm(tensor, mean, keep, step);
                storeCombination(tensor, mean, mean, keep, step, nextNorm > tol ? 1 / nextNorm : 1);
            }
            float resultScale = (float) scale;
            tensor.write((chunk, out) -> {
                mean.read(chunk.offset, out, chunk.length);
                for (int i = 0; i < chunk.length; i++) {
                    out[i] *= resultScale;
                }
            });
        }
    }

    /** |meanCoefficient * m + sum_k c_k x_k| over the whole tensor (m from scratch, or absent). */
    private static double combinationNorm(TensorMerge tensor, ScratchTensor m, double meanCoefficient, double[] c) throws IOException {
        double[] sum = new double[1];
        tensor.scan(chunk -> {
            float[] v = tensor.work(0);
            combine(chunk, m, meanCoefficient, c, v);
            double s = 0;
            for (int i = 0; i < chunk.length; i++) {
                s += (double) v[i] * v[i];
            }
            sum[0] += s;
        });
        return Math.sqrt(sum[0]);
    }

    /** Writes scale * (meanCoefficient * m + sum_k c_k x_k) into {@code target}. */
    private static void storeCombination(TensorMerge tensor, ScratchTensor target, ScratchTensor m, double meanCoefficient,
                                         double[] c, double scale) throws IOException {
        tensor.scan(chunk -> {
            float[] v = tensor.work(0);
            combine(chunk, m, meanCoefficient, c, v);
            for (int i = 0; i < chunk.length; i++) {
                v[i] = (float) (v[i] * scale);
            }
            target.write(chunk.offset, v, chunk.length);
        });
    }

    private static void combine(Chunk chunk, ScratchTensor m, double meanCoefficient, double[] c, float[] v) throws IOException {
        if (m != null) {
            m.read(chunk.offset, v, chunk.length);
            for (int i = 0; i < chunk.length; i++) {
                v[i] = (float) (v[i] * meanCoefficient);
            }
        } else {
            java.util.Arrays.fill(v, 0, chunk.length, 0f);
        }
        for (int k = 0; k < c.length; k++) {
            if (c[k] == 0) {
                continue;
            }
            float ck = (float) c[k];
            float[] x = chunk.models[k];
            for (int i = 0; i < chunk.length; i++) {
                v[i] += ck * x[i];
            }
        }
    }
}
