package dev.skillmerge.merge.method;

import dev.skillmerge.merge.kernel.VectorKernels;
import java.io.IOException;
import java.util.List;

/**
 * Spherical linear interpolation between the base (v0) and one other model (v1), on each whole
 * flattened tensor: d = <v0/|v0|, v1/|v1|> (a norm under 1e-8 is not divided by); if |d| > 0.9995,
 * lerp; else with O = arccos d: theta = sin((1-t)O)/sin O v0 + sin(tO)/sin O v1.
 */
public final class Slerp implements MergeMethod {
    private static final double DOT_THRESHOLD = 0.9995;
    private static final double EPS = 1e-8;

    @Override
    public String name() {
        return "slerp";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.global("t", null, 0, 1, "0 gives the base model, 1 the other"));
    }

    @Override
    public BaseModelUse baseModel() {
        return BaseModelUse.REQUIRED;
    }

    @Override
    public int maxModels() {
        return 1;
    }

    @Override
    public void merge(TensorMerge tensor) throws IOException {
        double t = tensor.global("t");
        double[] sums = new double[3]; // <v0,v1>, |v0|^2, |v1|^2
        tensor.scan(chunk -> {
            float[] v0 = chunk.base;
            float[] v1 = chunk.models[0];
            sums[0] += VectorKernels.dot(v0, v1, 0, chunk.length);
            sums[1] += VectorKernels.dot(v0, v0, 0, chunk.length);
            sums[2] += VectorKernels.dot(v1, v1, 0, chunk.length);
        });
        double norm0 = Math.sqrt(sums[1]);
        double norm1 = Math.sqrt(sums[2]);
        double d = sums[0] / (norm0 > EPS ? norm0 : 1) / (norm1 > EPS ? norm1 : 1);
        float s0;
        float s1;
        if (Math.abs(d) > DOT_THRESHOLD) {
            s0 = (float) (1 - t);
            s1 = (float) t;
        } else {
            double omega = Math.acos(d);
            double sinOmega = Math.sin(omega);
            s0 = (float) (Math.sin((1 - t) * omega) / sinOmega);
            s1 = (float) (Math.sin(t * omega) / sinOmega);
        }
        tensor.write((chunk, out) -> {
            float[] v0 = chunk.base;
            float[] v1 = chunk.models[0];
            for (int i = 0; i < chunk.length; i++) {
                out[i] = s0 * v0[i] + s1 * v1[i];
            }
        });
    }
}
