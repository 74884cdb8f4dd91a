package dev.skillmerge.merge.sparsify;

import dev.skillmerge.merge.method.TensorMerge;
import java.io.IOException;

/** A way of dropping task-vector entries (TIES magnitude, DARE random, breadcrumbs, DELLA), prepared per tensor. */
@FunctionalInterface
public interface Sparsifier {
    /** Scans the tensor as often as needed for cut-offs or norms, then returns what the output pass applies. */
    Sparsification prepare(TensorMerge tensor) throws IOException;
}
