package dev.skillmerge.merge.run;

/**
 * Per-thread float buffers for streaming merges, grown to the largest chunk seen and reused across
 * tensors, so a merge allocates almost nothing per tensor and its heap stays flat.
 */
final class BufferPool {
    private final ThreadLocal<float[][]> slots = ThreadLocal.withInitial(() -> new float[0][]);

    float[] get(int slot, int capacity) {
        float[][] s = slots.get();
        if (slot >= s.length) {
            s = java.util.Arrays.copyOf(s, slot + 1);
            slots.set(s);
        }
        if (s[slot] == null || s[slot].length < capacity) {
            s[slot] = new float[capacity];
        }
        return s[slot];
    }
}
