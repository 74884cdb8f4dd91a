package dev.skillmerge.merge.method;

import dev.skillmerge.merge.sparsify.BernoulliDrop;
import java.util.List;

/** DARE + TIES sign consensus: random drop with probability 1 - density, rescale, elect signs, sum. */
public final class DareTies extends GeneralizedTaskArithmetic {
    public DareTies() {
        super("dare_ties", new BernoulliDrop(), true, false, true, List.of(DareLinear.RESCALE_BY_DENSITY));
    }
}
