package dev.skillmerge.taskvectors.stats;

import dev.skillmerge.merge.kernel.VectorKernels;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Running sums over the same coordinates of k task vectors: what norms, cosines, sparsity and sign
 * conflicts are computed from. Pairs (a, b) with a < b are numbered in row order. Sums of squares and
 * products accumulate in float32 lanes over blocks of {@value #BLOCK} elements and in double across
 * blocks, so the result does not depend on how a tensor is chunked (chunks are whole blocks) and the
 * float error stays at block scale. This is the hot loop of {@code taskvector stats}: Vector API for the
 * sums, per-block bit sets of nonzero and negative entries for the counts (64 coordinates per bitwise
 * operation).
 */
final class Tally {
    private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final int BLOCK = 4096;

    final int vectors;
    long elements;
    final double[] squares;
    final long[] zeros;
    final double[] dots;
    final long[] bothNonzero;
    final long[] opposite;
    /** Coordinates where at least two vectors are nonzero. */
    long contested;
    /** Contested coordinates whose nonzero entries do not all share one sign. */
    long conflicted;
    /** Per vector, one block's nonzero and negative entries as bit sets. */
    private final long[][] nonzero;
    private final long[][] negative;
    private final int[] pairFirst;
    private final int[] pairSecond;
    /** One block's sums of squares (vector k at k) and of products (pair p at vectors + p), tails not yet added. */
    private final double[] blockSums;

    Tally(int vectors) {
        this.vectors = vectors;
        int pairs = vectors * (vectors - 1) / 2;
        squares = new double[vectors];
        zeros = new long[vectors];
        dots = new double[pairs];
        bothNonzero = new long[pairs];
        opposite = new long[pairs];
        nonzero = new long[vectors][BLOCK / 64];
        negative = new long[vectors][BLOCK / 64];
        pairFirst = new int[pairs];
        pairSecond = new int[pairs];
        blockSums = new double[vectors + pairs];
        for (int a = 0, p = 0; a < vectors; a++) {
            for (int b = a + 1; b < vectors; b++, p++) {
                pairFirst[p] = a;
                pairSecond[p] = b;
            }
        }
    }

    void add(Tally other) {
        elements += other.elements;
        for (int k = 0; k < vectors; k++) {
            squares[k] += other.squares[k];
            zeros[k] += other.zeros[k];
        }
        for (int p = 0; p < dots.length; p++) {
            dots[p] += other.dots[p];
            bothNonzero[p] += other.bothNonzero[p];
            opposite[p] += other.opposite[p];
        }
        contested += other.contested;
        conflicted += other.conflicted;
    }

    /** Adds coordinates {@code [0, length)} of every vector {@code x[k]}: little-endian float32, mapped or on the heap. */
    void add(MemorySegment[] x, int length) {
        elements += length;
        for (int from = 0; from < length; from += BLOCK) {
            int to = Math.min(length, from + BLOCK);
            int words = (to - from + 63) >>> 6;
            int upper = from + LANES.loopBound(to - from);
            // the vector parts store every word they cover; only the words of the scalar tail start from zero
            int covered = (upper - from + 63) >>> 6;
            for (int k = 0; k < vectors; k++) {
                Arrays.fill(nonzero[k], covered, words, 0L);
                Arrays.fill(negative[k], covered, words, 0L);
            }
            switch (vectors) {
                case 2 -> sumsOfTwo(x[0], x[1], from, upper, nonzero, negative, blockSums);
                case 3 -> sumsOfThree(x[0], x[1], x[2], from, upper, nonzero, negative, blockSums);
                default -> {
                    for (int k = 0; k < vectors; k++) {
                        blockSums[k] = squaresAndSigns(x[k], from, upper, nonzero[k], negative[k]);
                    }
                    for (int p = 0; p < dots.length; p++) {
                        blockSums[vectors + p] = products(x[pairFirst[p]], x[pairSecond[p]], from, upper);
                    }
                }
            }
            for (int k = 0; k < vectors; k++) {
                single(x[k], from, upper, to, k, words);
            }
            for (int p = 0; p < dots.length; p++) {
                pair(x[pairFirst[p]], x[pairSecond[p]], from, upper, to, p, words);
            }
            if (vectors > 1) {
                conflicts(words);
            }
        }
    }

    private static FloatVector load(MemorySegment x, int i) {
        return FloatVector.fromMemorySegment(LANES, x, (long) i * Float.BYTES, ByteOrder.LITTLE_ENDIAN);
    }

    private static long nonzeroBits(FloatVector v) {
        return v.compare(VectorOperators.NE, 0f).toLong();
    }

    private static long negativeBits(FloatVector v) {
        return v.compare(VectorOperators.LT, 0f).toLong();
    }

    // The vector parts below run over whole vectors of [from, upper), a word of bits (64 coordinates) at a
    // time, and return each sum with its lanes added in lane order. Every sum takes the same coordinates in
    // the same order whichever of them computes it, so the figures are the same for any number of vectors.
    // Two and three vectors (the usual comparisons) are read once per coordinate for all their sums (two 0.5B
    // vectors, warm: 0.35-0.42 s a pass against 0.47-0.56 s through the general form); more take one pass
    // per vector and one per pair. Each is a small method whose C2 compilation the worker
    // waits for (bin/jit-directives.json).

    private static double squaresAndSigns(MemorySegment a, int from, int upper, long[] nz, long[] neg) {
        FloatVector sum = FloatVector.zero(LANES);
        for (int word = from; word < upper; word += 64) {
            long nonzero = 0;
            long negative = 0;
            for (int bit = 0, end = Math.min(64, upper - word); bit < end; bit += LANES.length()) {
                FloatVector v = load(a, word + bit);
                sum = v.fma(v, sum);
                nonzero |= nonzeroBits(v) << bit;
                negative |= negativeBits(v) << bit;
            }
            nz[(word - from) >>> 6] = nonzero;
            neg[(word - from) >>> 6] = negative;
        }
        return VectorKernels.sumInLaneOrder(sum);
    }

    private static double products(MemorySegment a, MemorySegment b, int from, int upper) {
        FloatVector sum = FloatVector.zero(LANES);
        for (int i = from; i < upper; i += LANES.length()) {
            sum = load(a, i).fma(load(b, i), sum);
        }
        return VectorKernels.sumInLaneOrder(sum);
    }

    // sums = {a a, b b, a b}
    private static void sumsOfTwo(MemorySegment a, MemorySegment b, int from, int upper, long[][] nz, long[][] neg, double[] sums) {
        FloatVector aa = FloatVector.zero(LANES);
        FloatVector bb = aa;
        FloatVector ab = aa;
        for (int word = from; word < upper; word += 64) {
            long nzA = 0;
            long nzB = 0;
            long negA = 0;
            long negB = 0;
            for (int bit = 0, end = Math.min(64, upper - word); bit < end; bit += LANES.length()) {
                FloatVector va = load(a, word + bit);
                FloatVector vb = load(b, word + bit);
                aa = va.fma(va, aa);
                bb = vb.fma(vb, bb);
                ab = va.fma(vb, ab);
                nzA |= nonzeroBits(va) << bit;
                nzB |= nonzeroBits(vb) << bit;
                negA |= negativeBits(va) << bit;
                negB |= negativeBits(vb) << bit;
            }
            int w = (word - from) >>> 6;
            nz[0][w] = nzA;
            nz[1][w] = nzB;
            neg[0][w] = negA;
            neg[1][w] = negB;
        }
        sums[0] = VectorKernels.sumInLaneOrder(aa);
        sums[1] = VectorKernels.sumInLaneOrder(bb);
        sums[2] = VectorKernels.sumInLaneOrder(ab);
    }

    // sums = {a a, b b, c c, a b, a c, b c}
    private static void sumsOfThree(MemorySegment a, MemorySegment b, MemorySegment c, int from, int upper,
                                    long[][] nz, long[][] neg, double[] sums) {
        FloatVector aa = FloatVector.zero(LANES);
        FloatVector bb = aa;
        FloatVector cc = aa;
        FloatVector ab = aa;
        FloatVector ac = aa;
        FloatVector bc = aa;
        for (int word = from; word < upper; word += 64) {
            long nzA = 0;
            long nzB = 0;
            long nzC = 0;
            long negA = 0;
            long negB = 0;
            long negC = 0;
            for (int bit = 0, end = Math.min(64, upper - word); bit < end; bit += LANES.length()) {
                FloatVector va = load(a, word + bit);
                FloatVector vb = load(b, word + bit);
                FloatVector vc = load(c, word + bit);
                aa = va.fma(va, aa);
                bb = vb.fma(vb, bb);
                cc = vc.fma(vc, cc);
                ab = va.fma(vb, ab);
                ac = va.fma(vc, ac);
                bc = vb.fma(vc, bc);
                nzA |= nonzeroBits(va) << bit;
                nzB |= nonzeroBits(vb) << bit;
                nzC |= nonzeroBits(vc) << bit;
                negA |= negativeBits(va) << bit;
                negB |= negativeBits(vb) << bit;
                negC |= negativeBits(vc) << bit;
            }
            int w = (word - from) >>> 6;
            nz[0][w] = nzA;
            nz[1][w] = nzB;
            nz[2][w] = nzC;
            neg[0][w] = negA;
            neg[1][w] = negB;
            neg[2][w] = negC;
        }
        sums[0] = VectorKernels.sumInLaneOrder(aa);
        sums[1] = VectorKernels.sumInLaneOrder(bb);
        sums[2] = VectorKernels.sumInLaneOrder(cc);
        sums[3] = VectorKernels.sumInLaneOrder(ab);
        sums[4] = VectorKernels.sumInLaneOrder(ac);
        sums[5] = VectorKernels.sumInLaneOrder(bc);
    }

    // Vector k's tail [upper, to) added to its block sum of squares and its bit sets; then the block's squares
    // and zeros added to the vector's
    private void single(MemorySegment a, int from, int upper, int to, int k, int words) {
        long[] nz = nonzero[k];
        long[] neg = negative[k];
        double squares = blockSums[k];
        for (int i = upper; i < to; i++) {
            int bit = i - from;
            float v = a.getAtIndex(FLOAT, i);
            squares += v * v;
            nz[bit >>> 6] |= (v != 0 ? 1L : 0L) << (bit & 63);
            neg[bit >>> 6] |= (v < 0 ? 1L : 0L) << (bit & 63);
        }
        long count = 0;
        for (int w = 0; w < words; w++) {
            count += Long.bitCount(nz[w]);
        }
        this.squares[k] += squares;
        zeros[k] += (to - from) - count;
    }

    // sum a b (its tail added to the block sum); both nonzero, and of those, exactly one negative
    private void pair(MemorySegment a, MemorySegment b, int from, int upper, int to, int p, int words) {
        double dot = blockSums[vectors + p];
        for (int i = upper; i < to; i++) {
            dot += a.getAtIndex(FLOAT, i) * b.getAtIndex(FLOAT, i);
        }
        dots[p] += dot;
        int x = pairFirst[p];
        int y = pairSecond[p];
        long both = 0;
        long opposed = 0;
        for (int w = 0; w < words; w++) {
            long nonzero = this.nonzero[x][w] & this.nonzero[y][w];
            both += Long.bitCount(nonzero);
            opposed += Long.bitCount(nonzero & (negative[x][w] ^ negative[y][w]));
        }
        bothNonzero[p] += both;
        opposite[p] += opposed;
    }

    // at least two nonzero (contested), and both a positive and a negative among them (conflicted)
    private void conflicts(int words) {
        for (int w = 0; w < words; w++) {
            long one = 0;
            long two = 0;
            long positive = 0;
            long anyNegative = 0;
            for (int k = 0; k < vectors; k++) {
                long nz = nonzero[k][w];
                two |= one & nz;
                one |= nz;
                positive |= nz & ~negative[k][w];
                anyNegative |= negative[k][w];
            }
            contested += Long.bitCount(two);
            conflicted += Long.bitCount(positive & anyNegative);
        }
    }
}
