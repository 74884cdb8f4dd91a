package dev.skillmerge.merge.method;

import dev.skillmerge.merge.sparsify.DellaDrop;
import java.util.List;

/** DELLA (Deep et al. 2024): magnitude-ranked random drop (MagPrune), rescale, TIES sign election, weighted average. */
public final class Della extends GeneralizedTaskArithmetic {
    static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.perModel("epsilon", 0.15, 0, 1, "spread of keep probabilities around density"),
            DareLinear.RESCALE_BY_DENSITY);

    public Della() {
        super("della", new DellaDrop(), true, true, true, PARAMETERS);
    }
}
