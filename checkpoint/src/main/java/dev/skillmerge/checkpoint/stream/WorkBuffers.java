package dev.skillmerge.checkpoint.stream;

/**
 * Per-thread float32 buffers of one chunk each, reused across tensors so that streaming work
 * allocates nothing per tensor and the heap (and so the resident set) stays flat. A kernel that needs
 * several buffers at once uses distinct slots.
 */
public final class WorkBuffers {
    private static final ThreadLocal<float[][]> SLOTS = ThreadLocal.withInitial(() -> new float[0][]);

    private WorkBuffers() {
    }

    /** This thread's buffer number {@code slot}, of {@link Chunks#ELEMENTS} floats; contents are whatever was left in it. */
    public static float[] get(int slot) {
        float[][] slots = SLOTS.get();
        if (slot >= slots.length) {
            slots = java.util.Arrays.copyOf(slots, slot + 1);
            SLOTS.set(slots);
        }
        if (slots[slot] == null) {
            slots[slot] = new float[Chunks.ELEMENTS];
        }
        return slots[slot];
    }
}
