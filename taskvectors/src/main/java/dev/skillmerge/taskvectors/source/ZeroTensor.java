package dev.skillmerge.taskvectors.source;

import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.tensor.TensorInfo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The origin of weight space, shaped like a given tensor. Used as the base of the merge engine's
 * task-vector methods when their inputs are already stored task vectors: delta = tau - 0 is tau exactly,
 * so sparsifiers written for models (keys |theta - theta_base|) run on task vectors unchanged.
 */
public final class ZeroTensor extends ComputedTensor {
    private ZeroTensor(StoredTensor like) {
        super(like.file().path(), like.name(), like.dtype(), like.shape());
    }

    public static StoredTensor like(StoredTensor tensor) {
        return new ZeroTensor(tensor).asStored();
    }

    @Override
    protected void compute(long fromElement, float[] dst, int count) {
        Arrays.fill(dst, 0, count, 0f);
    }

    /** Freshly allocated memory is already zero in every dtype: nothing to compute or encode. */
    @Override
    public MemorySegment map(TensorInfo tensor, long fromByte, long length, Arena arena) {
        return arena.allocate(Math.max(length, 1), 64).asSlice(0, length);
    }
}
