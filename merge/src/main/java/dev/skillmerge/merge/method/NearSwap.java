package dev.skillmerge.merge.method;

import java.io.IOException;
import java.util.List;

/**
 * NearSwap: take the other model's value where it is close to the base's, interpolate otherwise:
 * w = clamp(t / |a - b|, 0, 1) (1 where a == b); theta = w b + (1 - w) a, with a the base.
 */
public final class NearSwap implements MergeMethod {
    @Override
    public String name() {
        return "nearswap";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.global("t", null, 0, Double.MAX_VALUE, "distance under which the other model's value is taken whole"));
    }

    @Override
    public BaseModelUse baseModel() {
        return BaseModelUse.REQUIRED;
    }

    @Override
    public int minModels() {
        return 1;
    }

    @Override
    public int maxModels() {
        return 1;
    }

    @Override
    public void merge(TensorMerge tensor) throws IOException {
        float t = (float) tensor.global("t");
        tensor.write((chunk, out) -> {
            float[] a = chunk.base;
            float[] b = chunk.models[0];
            for (int i = 0; i < chunk.length; i++) {
                float w = t / Math.abs(a[i] - b[i]);
                w = Float.isNaN(w) || Float.isInfinite(w) ? 1f : Math.max(0f, Math.min(1f, w));
                out[i] = w * b[i] + (1 - w) * a[i];
            }
        });
    }
}
