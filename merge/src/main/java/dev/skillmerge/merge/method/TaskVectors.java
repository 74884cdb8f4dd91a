package dev.skillmerge.merge.method;

/** The task vector of an input within a chunk: delta = theta_model - theta_base. */
public final class TaskVectors {
    private TaskVectors() {
    }

    public static void delta(Chunk chunk, int model, float[] out) {
        float[] x = chunk.models[model];
        float[] b = chunk.base;
        for (int i = 0; i < chunk.length; i++) {
            out[i] = x[i] - b[i];
        }
    }
}
