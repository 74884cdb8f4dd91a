package dev.skillmerge.runtime.model;

import ai.djl.ndarray.NDArray;

/**
 * What each query may see: {@code values} is added to the attention scores (0 where a query may attend to a key,
 * -inf where it may not), or {@code causal}: query t sees keys 0..t, which the fused attention kernel applies
 * itself (no mask to build, and the key blocks after a query block are skipped). Neither: a single query sees its
 * whole cache.
 */
record AttentionMask(NDArray values, boolean causal) {
    static AttentionMask none() {
        return new AttentionMask(null, false);
    }

    static AttentionMask causalByKernel() {
        return new AttentionMask(null, true);
    }

    static AttentionMask of(NDArray values) {
        return new AttentionMask(values, false);
    }
}
