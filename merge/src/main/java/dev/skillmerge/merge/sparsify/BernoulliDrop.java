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
        return RescaledSparsification.l1(tensor, masks);
    }

    /**
     * Zeroes {@code delta[i]} where {@code random.uniform(offset + i) >= density}. uniform is k / 2^24 for the
     * top 24 bits k, so u >= density exactly when k >= ceil(density * 2^24): the random bits come in bulk
     * ({@link PositionalRandom#bits24}) and the comparison is a mask without a branch (a coin-flip branch
     * is mispredicted half the time) done on vector lanes, because C2 does not vectorize the scalar form's
     * float-bits moves; kept entries keep their bits, dropped ones become +0.0.
     */
    static void drop(PositionalRandom random, long offset, float[] delta, int length, float density) {
        int threshold = (int) Math.min(1 << 24, Math.ceil((double) Math.max(0f, density) * 0x1p24));
        int[] k = BITS.get();
        for (int from = 0; from < length; from += k.length) {
            int n = Math.min(k.length, length - from);
            random.bits24(offset + from, k, n);
            int i = 0;
            for (int bound = F.loopBound(n); i < bound; i += F.length()) {
                VectorMask<Float> dropped = IntVector.fromArray(I, k, i).compare(VectorOperators.GE, threshold).cast(F);
                FloatVector.fromArray(F, delta, from + i).blend(0f, dropped).intoArray(delta, from + i);
            }
            for (; i < n; i++) {
                int keep = (k[i] - threshold) >> 31; // all ones when k < threshold
                delta[from + i] = Float.intBitsToFloat(Float.floatToRawIntBits(delta[from + i]) & keep);
            }
        }
    }
}
