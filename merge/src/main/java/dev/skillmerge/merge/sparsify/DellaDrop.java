package dev.skillmerge.merge.sparsify;

import dev.skillmerge.checkpoint.rng.PositionalRandom;
import dev.skillmerge.merge.method.InvalidMergeException;
import dev.skillmerge.merge.method.TensorMerge;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Supplier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * DELLA (MagPrune): within each row (a 1-D tensor is one row), rank |delta| ascending, normalize the
 * rank to [0, 1] and keep each entry with probability p = (density - epsilon) + 2 epsilon rank_norm, so
 * larger entries survive more often. Requires 0 < density +/- epsilon < 1. Rescaled like DARE: L1 match
 * by default, or 1/p per entry with {@code rescale_by_density: true}.
 */
public final class DellaDrop implements Sparsifier {
    @Override
    public Sparsification prepare(TensorMerge tensor) throws IOException {
        int models = tensor.models();
        float[] density = new float[models];
        float[] epsilon = new float[models];
        PositionalRandom[] random = new PositionalRandom[models];
        for (int k = 0; k < models; k++) {
            density[k] = (float) tensor.param(k, "density");
            epsilon[k] = (float) tensor.param(k, "epsilon");
            random[k] = tensor.random(k);
            if (density[k] < 1 && density[k] > 0 && (density[k] + epsilon[k] >= 1 || density[k] - epsilon[k] <= 0)) {
                throw new InvalidMergeException("della needs 0 < density +/- epsilon < 1, got density " + density[k]
                        + " and epsilon " + epsilon[k] + " for model " + k);
            }
        }
        boolean byDensity = tensor.flag("rescale") && tensor.flag("rescale_by_density");
        Supplier<Sparsification> masks = () -> new RowMask(density, epsilon, random, byDensity);
        if (!tensor.flag("rescale") || byDensity) {
            return masks.get();
        }
        return RescaledSparsification.l1(tensor, masks);
    }

    private static final class RowMask implements Sparsification {
        private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
        private static final VectorSpecies<Integer> I = F.withLanes(int.class);

        private final float[] density;
        private final float[] epsilon;
        private final PositionalRandom[] random;
        private final boolean divideByProbability;
        private long[] order = new long[0];
        private float[] keepProbability = new float[0];
        private int[] bits = new int[0];

        RowMask(float[] density, float[] epsilon, PositionalRandom[] random, boolean divideByProbability) {
            this.density = density;
            this.epsilon = epsilon;
            this.random = random;
            this.divideByProbability = divideByProbability;
        }

        @Override
        public void apply(int model, dev.skillmerge.merge.method.Chunk chunk, float[] delta) {
            float d = density[model];
            if (d >= 1) {
                return;
            }
            if (d <= 0) {
                Arrays.fill(delta, 0, chunk.length, 0f);
                return;
            }
            int row = chunk.rowLength;
            if (order.length < row) {
                order = new long[row];
                keepProbability = new float[row];
                bits = new int[row];
            }
            for (int start = 0; start < chunk.length; start += row) {
                // sort (|delta| bits, index) pairs: ranks ascending by magnitude, ties by position
                for (int i = 0; i < row; i++) {
                    order[i] = (long) Float.floatToRawIntBits(Math.abs(delta[start + i])) << 32 | i;
                }
                Arrays.sort(order, 0, row);
                for (int rank = 0; rank < row; rank++) {
                    double rankNorm = row == 1 ? 0 : (double) rank / (row - 1);
                    keepProbability[(int) order[rank]] = (float) ((d - epsilon[model]) + 2 * epsilon[model] * rankNorm);
                }
                random[model].bits24(chunk.offset + start, bits, row);
                dropRow(delta, start, row);
            }
        }

        // In position order on vector lanes: u = bits * 2^-24 (exact in float, as PositionalRandom.uniform),
        // dropped where u >= p, kept entries divided by p when rescaling by probability.
        private void dropRow(float[] delta, int start, int row) {
            int i = 0;
            for (int bound = F.loopBound(row); i < bound; i += F.length()) {
                FloatVector u = ((FloatVector) IntVector.fromArray(I, bits, i).convert(VectorOperators.I2F, 0)).mul(0x1.0p-24f);
                FloatVector p = FloatVector.fromArray(F, keepProbability, i);
                FloatVector v = FloatVector.fromArray(F, delta, start + i);
                if (divideByProbability) {
                    v = v.div(p);
                }
                v.blend(0f, u.compare(VectorOperators.GE, p)).intoArray(delta, start + i);
            }
            for (; i < row; i++) {
                float p = keepProbability[i];
                if (bits[i] * 0x1.0p-24f >= p) {
                    delta[start + i] = 0;
                } else if (divideByProbability) {
                    delta[start + i] /= p;
                }
            }
        }
    }
}
