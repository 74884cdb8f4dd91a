package dev.skillmerge.finetune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;

/** Copying values into arrays that the model or the optimizer already holds, on whatever device they live. */
public final class Values {
    private Values() {
    }

    /** Overwrites every element of {@code target} in place (it keeps its identity, device and gradient flag). */
    public static void overwrite(NDArray target, float[] values) {
        if (values.length != target.size()) {
            throw new IllegalArgumentException(values.length + " values for an array of " + target.getShape());
        }
        try (NDScope scope = new NDScope()) {
            target.set(new NDIndex(":"), target.getManager().create(values, target.getShape()));
        }
    }
}
