package dev.skillmerge.merge.method;

import dev.skillmerge.merge.sparsify.DellaDrop;

/** DELLA's MagPrune drop without sign consensus: a rescaled weighted sum of pruned task vectors. */
public final class DellaLinear extends GeneralizedTaskArithmetic {
    public DellaLinear() {
        super("della_linear", new DellaDrop(), false, false, true, Della.PARAMETERS);
    }
}
