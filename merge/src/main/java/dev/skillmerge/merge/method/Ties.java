package dev.skillmerge.merge.method;

import dev.skillmerge.merge.sparsify.MagnitudeTopK;
import java.util.List;

/**
 * TIES (Yadav et al. 2023): trim each task vector to its top int(density n) magnitudes, elect the sign
 * by the sum, keep agreeing entries, average them by their weights (normalize: true).
 */
public final class Ties extends GeneralizedTaskArithmetic {
    public Ties() {
        super("ties", new MagnitudeTopK(), true, true, false, List.of());
    }
}
