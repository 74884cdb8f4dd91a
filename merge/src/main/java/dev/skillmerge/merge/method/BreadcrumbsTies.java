package dev.skillmerge.merge.method;

import dev.skillmerge.merge.sparsify.MagnitudeOutliers;

/** Breadcrumbs sparsification followed by TIES sign consensus. */
public final class BreadcrumbsTies extends GeneralizedTaskArithmetic {
    public BreadcrumbsTies() {
        super("breadcrumbs_ties", new MagnitudeOutliers(), true, false, false, Breadcrumbs.PARAMETERS);
    }
}
