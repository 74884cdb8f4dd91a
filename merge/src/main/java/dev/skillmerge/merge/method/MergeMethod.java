package dev.skillmerge.merge.method;

import java.io.IOException;
import java.util.List;

/**
 * A merge method: how one output tensor is computed from the same tensor of each input. Each method is
 * one class named after it, registered in {@link MergeMethods} under the name configs use.
 */
public interface MergeMethod {
    /** The name written in a config's {@code merge_method}. */
    String name();

    /** Every parameter the method reads, per model and global. Anything else in a config is an error. */
    List<ParameterSpec> parameters();

    BaseModelUse baseModel();

    /** The fewest contributing models (besides the base) the method can merge. */
    default int minModels() {
        return 1;
    }

    /** The most contributing models (besides the base) the method can merge. */
    default int maxModels() {
        return Integer.MAX_VALUE;
    }

    /** Whether the base, when also listed under models, contributes like any other model (linear). */
    default boolean baseContributes() {
        return false;
    }

    void merge(TensorMerge tensor) throws IOException;
}
