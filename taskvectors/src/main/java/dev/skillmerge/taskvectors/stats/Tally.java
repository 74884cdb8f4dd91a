package dev.skillmerge.taskvectors.stats;

import dev.skillmerge.merge.kernel.VectorKernels;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Running sums over the same coordinates of k task vectors: what norms, cosines, sparsity and sign
 * conflicts are computed from. Pairs (a, b) with a < b are numbered in row order. Sums of squares and
 * products accumulate in float32 lanes over blocks of {@value #BLOCK} elements and in double across
 * blocks, so the result does not depend on how a tensor is chunked (chunks are whole blocks) and the
 * float error stays at block scale. This is the hot loop of {@code taskvector stats}: Vector API for the
 * sums, bit sets for the counts (one pass per vector, one per pair for the products).
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
            for (int k = 0; k < vectors; k++) {
                single(x[k], from, to, k, words);
            }
            for (int a = 0, p = 0; a < vectors; a++) {
                for (int b = a + 1; b < vectors; b++, p++) {
                    pair(x[a], x[b], from, to, p, words);
                }
            }
            if (vectors > 1) {
                conflicts(words);
            }
        }
    }

    private static FloatVector load(MemorySegment x, int i) {
        return FloatVector.fromMemorySegment(LANES, x, (long) i * Float.BYTES, ByteOrder.LITTLE_ENDIAN);
    }

    // Squares, and the block's nonzero and negative entries as bit sets: pairs and conflicts are then counted
    // 64 coordinates at a time with bitwise logic instead of per-element compares.
    private void single(MemorySegment a, int from, int to, int k, int words) {
        long[] nz = nonzero[k];
        long[] neg = negative[k];
        java.util.Arrays.fill(nz, 0, words, 0L);
        java.util.Arrays.fill(neg, 0, words, 0L);
        int upper = from + LANES.loopBound(to - from);
        double squares = squaresAndSigns(a, from, upper, nz, neg);
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

    // The vector part of single, whole vectors of [from, upper): the sum of squares (lanes added in lane
    // order) and the signs' bits. Kept apart from the scalar bookkeeping as a small method, whose C2
    // compilation the worker waits for (bin/jit-directives.json).
    private static double squaresAndSigns(MemorySegment a, int from, int upper, long[] nz, long[] neg) {
        FloatVector sum = FloatVector.zero(LANES);
        for (int i = from; i < upper; i += LANES.length()) {
            FloatVector v = load(a, i);
            sum = v.fma(v, sum);
            int bit = i - from;
            nz[bit >>> 6] |= v.compare(VectorOperators.NE, 0f).toLong() << (bit & 63);
            neg[bit >>> 6] |= v.compare(VectorOperators.LT, 0f).toLong() << (bit & 63);
        }
        return VectorKernels.sumInLaneOrder(sum);
    }

    // sum a b; both nonzero, and of those, exactly one negative
    private void pair(MemorySegment a, MemorySegment b, int from, int to, int p, int words) {
        int upper = from + LANES.loopBound(to - from);
        double dot = products(a, b, from, upper);
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

    // The vector part of pair: the sum of products over whole vectors of [from, upper), lanes added in lane order.
    private static double products(MemorySegment a, MemorySegment b, int from, int upper) {
        FloatVector sum = FloatVector.zero(LANES);
        for (int i = from; i < upper; i += LANES.length()) {
            sum = load(a, i).fma(load(b, i), sum);
        }
        return VectorKernels.sumInLaneOrder(sum);
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
