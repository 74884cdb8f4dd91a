package dev.skillmerge.taskvectors.arithmetic;

import dev.skillmerge.merge.method.BaseModelUse;
import dev.skillmerge.merge.method.MergeMethod;
import dev.skillmerge.merge.method.ParameterSpec;
import dev.skillmerge.merge.method.TaskVectors;
import dev.skillmerge.merge.method.TensorMerge;
import dev.skillmerge.merge.sparsify.Sparsification;
import dev.skillmerge.merge.sparsify.Sparsifier;
import java.io.IOException;
import java.util.List;

/**
 * One task vector sparsified by a merge-engine sparsifier (TIES magnitude top-k, DARE Bernoulli drop):
 * out = sparsify(theta - theta_base). Planned with a {@link dev.skillmerge.taskvectors.source.ZeroTensor}
 * base over a stored task vector, that is sparsify(tau), with the same cut-offs, masks and rescaling a
 * ties or dare merge would apply to that delta.
 */
final class SparsifiedDelta implements MergeMethod {
    private final Sparsifier sparsifier;

    SparsifiedDelta(Sparsifier sparsifier) {
        this.sparsifier = sparsifier;
    }

    @Override
    public String name() {
        return "sparsify";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.perModel("density", 1.0, 0, 1, "fraction of task-vector entries kept"),
                ParameterSpec.flag("rescale", false, "rescale kept entries to the task vector's L1 norm"),
                ParameterSpec.flag("rescale_by_density", false, "with random drops, rescale kept entries by 1/density instead"));
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
        Sparsification sparsification = sparsifier.prepare(tensor);
        tensor.write((chunk, out) -> {
            TaskVectors.delta(chunk, 0, out);
            sparsification.apply(0, chunk, out);
        });
    }
}
