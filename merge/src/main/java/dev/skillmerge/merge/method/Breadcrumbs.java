package dev.skillmerge.merge.method;

import dev.skillmerge.merge.sparsify.MagnitudeOutliers;
import java.util.List;

/** Model Breadcrumbs (Davari and Belilovsky 2023): drop the top gamma outliers and the smallest entries, then sum. */
public final class Breadcrumbs extends GeneralizedTaskArithmetic {
    static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.perModel("gamma", 0.01, 0, 1, "fraction of largest-magnitude outliers dropped"),
            ParameterSpec.flag("fix_empty_top", false,
                    "when gamma*n < 1, keep the top entries instead of zeroing the task vector as mergekit does"));

    public Breadcrumbs() {
        super("breadcrumbs", new MagnitudeOutliers(), false, false, false, PARAMETERS);
    }
}
