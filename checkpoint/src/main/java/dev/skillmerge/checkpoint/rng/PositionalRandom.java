package dev.skillmerge.checkpoint.rng;

import java.nio.charset.StandardCharsets;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Random numbers addressed by (seed, stream name, position) instead of drawn in sequence: the value at a
 * position is a pure function of the three, so results do not depend on thread count, chunking or the
 * order tensors are processed in. The mix is SplitMix64's finalizer (Steele, Lea, Flood 2014), which
 * passes BigCrush on sequential counters.
 */
public final class PositionalRandom {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long MIX1 = 0xBF58476D1CE4E5B9L;
    private static final long MIX2 = 0x94D049BB133111EBL;
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, VectorShape.forBitSize(L.vectorBitSize() / 2));
    /** Lane j's offset from the batch's first position, times GOLDEN: positions advance by GOLDEN each. */
    private static final long[] RAMP = new long[L.length()];

    static {
        for (int j = 0; j < RAMP.length; j++) {
            RAMP[j] = j * GOLDEN;
        }
    }
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
        z = (z ^ (z >>> 30)) * MIX1;
        z = (z ^ (z >>> 27)) * MIX2;
        return z ^ (z >>> 31);
    }

    /** 64 random bits for a position. */
    public long bits(long position) {
        return mix(key + (position + 1) * GOLDEN);
    }

    /**
     * The top 24 bits of {@link #bits} for positions {@code offset .. offset + length - 1}, into
     * {@code out[0 .. length)}: what {@link #uniform} scales, in bulk. The mix runs on the Vector API's long
     * lanes (eight at a time with AVX-512), where one position at a time it took most of a DARE merge.
     */
    public void bits24(long offset, int[] out, int length) {
        int i = 0;
        int lanes = L.length();
        if (lanes > 1) {
            LongVector ramp = LongVector.fromArray(L, RAMP, 0);
            for (; i <= length - lanes; i += lanes) {
                LongVector z = ramp.add(key + (offset + i + 1) * GOLDEN);
                z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(MIX1);
                z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(MIX2);
                z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31)).lanewise(VectorOperators.LSHR, 40);
                ((IntVector) z.castShape(INTS, 0)).intoArray(out, i);
            }
        }
        for (; i < length; i++) {
            out[i] = (int) (bits(offset + i) >>> 40);
        }
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
