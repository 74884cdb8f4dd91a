package dev.skillmerge.merge.method;

import dev.skillmerge.merge.kernel.VectorKernels;
import java.io.IOException;
import java.util.List;

/** Linear (model soup, Wortsman et al. 2022): theta = sum_i w_i theta_i, divided by sum_i w_i when normalize (default). */
public final class Linear implements MergeMethod {
    @Override
    public String name() {
        return "linear";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.perModel("weight", null, -Double.MAX_VALUE, Double.MAX_VALUE, "this model's weight"),
                ParameterSpec.flag("normalize", true, "divide by the sum of weights"));
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
        int models = tensor.models();
        float[] weight = new float[models];
        double sum = 0;
        for (int k = 0; k < models; k++) {
            weight[k] = (float) tensor.param(k, "weight");
            sum += weight[k];
        }
        if (tensor.flag("normalize")) {
            if (sum == 0) {
                throw new InvalidMergeException("linear weights sum to 0, so normalize: true would divide by zero");
            }
            for (int k = 0; k < models; k++) {
                weight[k] /= (float) sum;
            }
        }
        tensor.write((chunk, out) -> {
            java.util.Arrays.fill(out, 0, chunk.length, 0f);
            for (int k = 0; k < models; k++) {
                VectorKernels.addScaled(out, chunk.models[k], weight[k], chunk.length);
            }
        });
    }
}
