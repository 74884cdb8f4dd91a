package dev.skillmerge.checkpoint.rng;

import java.nio.charset.StandardCharsets;

/**
 * Random numbers addressed by (seed, stream name, position) instead of drawn in sequence: the value at a
 * position is a pure function of the three, so results do not depend on thread count, chunking or the
 * order tensors are processed in. The mix is SplitMix64's finalizer (Steele, Lea, Flood 2014), which
 * passes BigCrush on sequential counters.
 */
public final class PositionalRandom {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private final long key;

    private PositionalRandom(long key) {
        this.key = key;
    }

    /** The stream for one tensor (or any named stream) under a seed. */
    public static PositionalRandom of(long seed, String streamName) {
        long h = 0xCBF29CE484222325L; // FNV-1a 64 over the UTF-8 name
        for (byte b : streamName.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return new PositionalRandom(mix(mix(seed) ^ h));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** 64 random bits for a position. */
    public long bits(long position) {
        return mix(key + (position + 1) * GOLDEN);
    }

    /** Uniform in [0, 1) with 24 bits of resolution, exactly representable as a float. */
    public float uniform(long position) {
        return (bits(position) >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [-1, 1). */
    public float symmetric(long position) {
        return (bits(position) >> 40) * 0x1.0p-23f;
    }
}
