package dev.skillmerge.merge.method;

import java.io.IOException;
import java.util.List;

/** Passthrough: copy the one input tensor, times {@code scale}; with slices it stacks layers ("frankenmerges"). */
public final class Passthrough implements MergeMethod {
    @Override
    public String name() {
        return "passthrough";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.perModel("scale", 1.0, -Double.MAX_VALUE, Double.MAX_VALUE, "multiplier of the copied tensor"));
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
    public int maxModels() {
        return 1;
    }

    @Override
    public void merge(TensorMerge tensor) throws IOException {
        float scale = (float) tensor.param(0, "scale");
        tensor.write((chunk, out) -> {
            float[] x = chunk.models[0];
            for (int i = 0; i < chunk.length; i++) {
                out[i] = scale * x[i];
            }
        });
    }
}
