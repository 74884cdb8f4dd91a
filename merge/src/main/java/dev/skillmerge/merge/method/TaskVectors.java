package dev.skillmerge.merge.method;

import dev.skillmerge.merge.kernel.VectorKernels;

/** The task vector of an input within a chunk: delta = theta_model - theta_base. */
public final class TaskVectors {
    private TaskVectors() {
    }

    public static void delta(Chunk chunk, int model, float[] out) {
        VectorKernels.subtract(chunk.models[model], chunk.base, out, chunk.length);
    }
}
