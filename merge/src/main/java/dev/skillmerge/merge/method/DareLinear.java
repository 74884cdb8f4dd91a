package dev.skillmerge.merge.method;

import dev.skillmerge.merge.sparsify.BernoulliDrop;
import java.util.List;

/** DARE (Yu et al. 2024): drop task-vector entries with probability 1 - density, rescale, sum with weights. */
public final class DareLinear extends GeneralizedTaskArithmetic {
    static final ParameterSpec RESCALE_BY_DENSITY = ParameterSpec.flag("rescale_by_density", false,
            "rescale kept entries by 1/density as in the DARE paper, instead of mergekit's L1-norm match");

    public DareLinear() {
        super("dare_linear", new BernoulliDrop(), false, false, true, List.of(RESCALE_BY_DENSITY));
    }
}
