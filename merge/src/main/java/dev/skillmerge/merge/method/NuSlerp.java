package dev.skillmerge.merge.method;

import java.io.IOException;
import java.util.List;

/**
 * NuSLERP: slerp between two models with t = w_2 / (w_1 + w_2) (0.5 when the sum is under 1e-6), over
 * the flattened tensor (nuslerp_flatten, default), each row (nuslerp_flatten: false), or each column
 * (also nuslerp_row_wise: true, mergekit's naming). Per vector, with u = v/max(|v|, 1e-7),
 * O = arccos(clamp(<u0, u1>, -1, 1)): (sin((1-t)O) v0 + sin(tO) v1) / sin O, or lerp when |sin O| < 1e-8.
 * With a base model, v0 and v1 are task vectors and the result is added to the base.
 */
public final class NuSlerp implements MergeMethod {
    @Override
    public String name() {
        return "nuslerp";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.perModel("weight", null, -Double.MAX_VALUE, Double.MAX_VALUE, "this model's share of t"),
                ParameterSpec.flag("nuslerp_flatten", true, "interpolate the whole flattened tensor"),
                ParameterSpec.flag("nuslerp_row_wise", false, "without flatten: interpolate columns (true) or rows (false)"));
    }

    @Override
    public BaseModelUse baseModel() {
        return BaseModelUse.OPTIONAL;
    }

    @Override
    public int minModels() {
        return 2;
    }

    @Override
    public int maxModels() {
        return 2;
    }

    @Override
    public void merge(TensorMerge tensor) throws IOException {
        double w0 = tensor.param(0, "weight");
        double w1 = tensor.param(1, "weight");
        double t = Math.abs(w0 + w1) < 1e-6 ? 0.5 : w1 / (w0 + w1);
        boolean flatten = tensor.flag("nuslerp_flatten") || tensor.shape().rank() < 2;
        boolean hasBase = tensor.hasBase();
        if (flatten) {
            double[] sums = new double[3];
            tensor.scan(chunk -> accumulate(chunk, hasBase, 0, chunk.length, 1, sums, 0));
            Coefficients c = Coefficients.of(t, sums[0], sums[1], sums[2]);
            tensor.write((chunk, out) -> combine(chunk, hasBase, 0, chunk.length, 1, c, out));
        } else if (!tensor.flag("nuslerp_row_wise")) {
            tensor.write((chunk, out) -> {
                int row = chunk.rowLength;
                double[] sums = new double[3];
                for (int start = 0; start < chunk.length; start += row) {
                    java.util.Arrays.fill(sums, 0);
                    accumulate(chunk, hasBase, start, row, 1, sums, 0);
                    combine(chunk, hasBase, start, row, 1, Coefficients.of(t, sums[0], sums[1], sums[2]), out);
                }
            });
        } else {
            int columns = (int) (tensor.size() / tensor.shape().dim(0));
            double[] sums = new double[3 * columns];
            tensor.scan(chunk -> {
                for (int i = 0; i < chunk.length; i++) {
                    int column = (int) ((chunk.offset + i) % columns);
                    accumulate(chunk, hasBase, i, 1, 1, sums, 3 * column);
                }
            });
            Coefficients[] perColumn = new Coefficients[columns];
            for (int c = 0; c < columns; c++) {
                perColumn[c] = Coefficients.of(t, sums[3 * c], sums[3 * c + 1], sums[3 * c + 2]);
            }
            tensor.write((chunk, out) -> {
                for (int i = 0; i < chunk.length; i++) {
                    combine(chunk, hasBase, i, 1, 1, perColumn[(int) ((chunk.offset + i) % columns)], out);
                }
            });
        }
    }

    private record Coefficients(float s0, float s1) {
        static Coefficients of(double t, double dot, double n0, double n1) {
            double cos = dot / Math.max(Math.sqrt(n0), 1e-7) / Math.max(Math.sqrt(n1), 1e-7);
            double omega = Math.acos(Math.max(-1, Math.min(1, cos)));
            double sin = Math.sin(omega);
            if (Math.abs(sin) < 1e-8) {
                return new Coefficients((float) (1 - t), (float) t);
            }
            return new Coefficients((float) (Math.sin((1 - t) * omega) / sin), (float) (Math.sin(t * omega) / sin));
        }
    }

    private static float v(Chunk chunk, int model, int i, boolean hasBase) {
        return hasBase ? chunk.models[model][i] - chunk.base[i] : chunk.models[model][i];
    }

    private static void accumulate(Chunk chunk, boolean hasBase, int from, int length, int step, double[] sums, int at) {
        for (int i = from; i < from + length; i += step) {
            double a = v(chunk, 0, i, hasBase);
            double b = v(chunk, 1, i, hasBase);
            sums[at] += a * b;
            sums[at + 1] += a * a;
            sums[at + 2] += b * b;
        }
    }

    private static void combine(Chunk chunk, boolean hasBase, int from, int length, int step, Coefficients c, float[] out) {
        for (int i = from; i < from + length; i += step) {
            float merged = c.s0() * v(chunk, 0, i, hasBase) + c.s1() * v(chunk, 1, i, hasBase);
            out[i] = hasBase ? chunk.base[i] + merged : merged;
        }
    }
}
