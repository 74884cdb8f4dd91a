package dev.skillmerge.merge.sparsify;

import dev.skillmerge.checkpoint.rng.PositionalRandom;
import dev.skillmerge.merge.method.TensorMerge;
import java.io.IOException;
import java.util.function.Supplier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * DARE: keep each entry with probability {@code density}, independently (u < density with u uniform
 * from the positional random stream of this model and tensor). With {@code rescale}, kept entries are
 * scaled to match the L1 norm (mergekit's default); with {@code rescale_by_density: true}, by 1/density
 * as in the DARE paper.
 */
public final class BernoulliDrop implements Sparsifier {
    /** This thread's batch of random bits for {@link #drop}. */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);
    private static final ThreadLocal<int[]> BITS = ThreadLocal.withInitial(() -> new int[4096]);

    @Override
    public Sparsification prepare(TensorMerge tensor) throws IOException {
        int models = tensor.models();
        float[] density = new float[models];
        PositionalRandom[] random = new PositionalRandom[models];
        for (int k = 0; k < models; k++) {
            density[k] = (float) tensor.param(k, "density");
            random[k] = tensor.random(k);
        }
        Supplier<Sparsification> masks = () -> (model, chunk, delta) -> {
            float p = density[model];
            if (p >= 1) {
                return;
            }
            drop(random[model], chunk.offset, delta, chunk.length, p);
        };
        if (!tensor.flag("rescale")) {
            return masks.get();
        }
        if (tensor.flag("rescale_by_density")) {
            Sparsification mask = masks.get();
            return (model, chunk, delta) -> {
                mask.apply(model, chunk, delta);
                float p = density[model];
                if (p < 1 && p > 0) {
                    for (int i = 0; i < chunk.length; i++) {
                        delta[i] /= p;
                    }
                }
            };
        }
        if (!DropRecord.fits(tensor.size())) {
            return RescaledSparsification.l1(tensor, masks);
        }
        DropRecord record = new DropRecord(models);
        Sparsification recording = (model, chunk, delta) -> {
            float p = density[model];
            if (p < 1) {
                drop(random[model], chunk.offset, delta, chunk.length, p, record.record(model, chunk.length));
            }
        };
        Sparsification replaying = (model, chunk, delta) -> {
            if (density[model] < 1) {
                replay(record.next(model), delta, chunk.length);
            }
        };
        return RescaledSparsification.l1(tensor, recording, replaying);
    }

    /** Zeroes {@code delta[i]} where bit i of {@code dropped} is set, as {@link #drop} did when it set it. */
    static void replay(long[] dropped, float[] delta, int length) {
        long lanes = -1L >>> (64 - F.length());
        int i = 0;
        for (int bound = F.loopBound(length); i < bound; i += F.length()) {
            long drop = (dropped[i >>> 6] >>> (i & 63)) & lanes;
            if (drop != 0) {
                FloatVector.fromArray(F, delta, i).blend(0f, VectorMask.fromLong(F, drop)).intoArray(delta, i);
            }
        }
        for (; i < length; i++) {
            if ((dropped[i >>> 6] >>> (i & 63) & 1) != 0) {
                delta[i] = 0f;
            }
        }
    }

    /**
     * Zeroes {@code delta[i]} where {@code random.uniform(offset + i) >= density}. uniform is k / 2^24 for the
     * top 24 bits k, so u >= density exactly when k >= ceil(density * 2^24): the random bits come in bulk
     * ({@link PositionalRandom#bits24}) and the comparison is a mask without a branch (a coin-flip branch
     * is mispredicted half the time) done on vector lanes, because C2 does not vectorize the scalar form's
     * float-bits moves; kept entries keep their bits, dropped ones become +0.0.
     */
    static void drop(PositionalRandom random, long offset, float[] delta, int length, float density) {
        drop(random, offset, delta, length, density, null);
    }

    /** {@link #drop}, also setting bit i of {@code dropped} (when given) for each dropped {@code delta[i]}. */
    static void drop(PositionalRandom random, long offset, float[] delta, int length, float density, long[] dropped) {
        int threshold = (int) Math.min(1 << 24, Math.ceil((double) Math.max(0f, density) * 0x1p24));
        int[] k = BITS.get();
        for (int from = 0; from < length; from += k.length) {
            int n = Math.min(k.length, length - from);
            random.bits24(offset + from, k, n);
            int i = 0;
            for (int bound = F.loopBound(n); i < bound; i += F.length()) {
                VectorMask<Float> drop = IntVector.fromArray(I, k, i).compare(VectorOperators.GE, threshold).cast(F);
                FloatVector.fromArray(F, delta, from + i).blend(0f, drop).intoArray(delta, from + i);
                if (dropped != null) {
                    // from is a multiple of 4096 and i of the lane count, so a vector's bits never straddle two words
                    int at = from + i;
                    dropped[at >>> 6] |= drop.toLong() << (at & 63);
                }
            }
            for (; i < n; i++) {
                int keep = (k[i] - threshold) >> 31; // all ones when k < threshold
                delta[from + i] = Float.intBitsToFloat(Float.floatToRawIntBits(delta[from + i]) & keep);
                if (dropped != null) {
                    int at = from + i;
                    dropped[at >>> 6] |= (long) (~keep & 1) << (at & 63);
                }
            }
        }
    }
}
