package dev.skillmerge.taskvectors.stats;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Running sums over the same coordinates of k task vectors: what norms, cosines, sparsity and sign
 * conflicts are computed from. Pairs (a, b) with a < b are numbered in row order. Sums of squares and
 * products accumulate in float32 lanes over blocks of {@value #BLOCK} elements and in double across
 * blocks, so the result does not depend on how a tensor is chunked (chunks are whole blocks) and the
 * float error stays at block scale. This is the hot loop of {@code taskvector stats}: Vector API, one
 * pass over each chunk per vector and per pair.
 */
final class Tally {
    private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
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

    Tally(int vectors) {
        this.vectors = vectors;
        int pairs = vectors * (vectors - 1) / 2;
        squares = new double[vectors];
        zeros = new long[vectors];
        dots = new double[pairs];
        bothNonzero = new long[pairs];
        opposite = new long[pairs];
    }

    static int pairIndex(int a, int b, int vectors) {
        return a * vectors - a * (a + 1) / 2 + (b - a - 1);
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

    /** Adds coordinates {@code [0, length)} of every vector {@code x[k]}. */
    void add(float[][] x, int length) {
        elements += length;
        for (int from = 0; from < length; from += BLOCK) {
            int to = Math.min(length, from + BLOCK);
            for (int k = 0; k < vectors; k++) {
                squares[k] += dot(x[k], x[k], from, to);
                zeros[k] += zeros(x[k], from, to);
            }
            for (int a = 0, p = 0; a < vectors; a++) {
                for (int b = a + 1; b < vectors; b++, p++) {
                    dots[p] += dot(x[a], x[b], from, to);
                    signs(x[a], x[b], from, to, p);
                }
            }
            if (vectors > 1) {
                conflicts(x, from, to);
            }
        }
    }

    // sum_i a_i b_i over [from, to), in float lanes
    private static double dot(float[] a, float[] b, int from, int to) {
        FloatVector acc = FloatVector.zero(LANES);
        int i = from;
        for (int upper = from + LANES.loopBound(to - from); i < upper; i += LANES.length()) {
            acc = FloatVector.fromArray(LANES, a, i).fma(FloatVector.fromArray(LANES, b, i), acc);
        }
        double sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static long zeros(float[] a, int from, int to) {
        long count = 0;
        int i = from;
        for (int upper = from + LANES.loopBound(to - from); i < upper; i += LANES.length()) {
            count += FloatVector.fromArray(LANES, a, i).compare(VectorOperators.EQ, 0f).trueCount();
        }
        for (; i < to; i++) {
            count += a[i] == 0 ? 1 : 0;
        }
        return count;
    }

    // both nonzero, and of those, opposite signs
    private void signs(float[] a, float[] b, int from, int to, int pair) {
        long both = 0;
        long opp = 0;
        int i = from;
        for (int upper = from + LANES.loopBound(to - from); i < upper; i += LANES.length()) {
            FloatVector va = FloatVector.fromArray(LANES, a, i);
            FloatVector vb = FloatVector.fromArray(LANES, b, i);
            VectorMask<Float> nonzero = va.compare(VectorOperators.NE, 0f).and(vb.compare(VectorOperators.NE, 0f));
            both += nonzero.trueCount();
            opp += nonzero.and(va.compare(VectorOperators.LT, 0f).xor(vb.compare(VectorOperators.LT, 0f))).trueCount();
        }
        for (; i < to; i++) {
            if (a[i] != 0 && b[i] != 0) {
                both++;
                opp += (a[i] < 0) != (b[i] < 0) ? 1 : 0;
            }
        }
        bothNonzero[pair] += both;
        opposite[pair] += opp;
    }

    // at least two nonzero (contested), and both a positive and a negative among them (conflicted)
    private void conflicts(float[][] x, int from, int to) {
        int i = from;
        for (int upper = from + LANES.loopBound(to - from); i < upper; i += LANES.length()) {
            VectorMask<Float> one = LANES.maskAll(false);
            VectorMask<Float> two = LANES.maskAll(false);
            VectorMask<Float> positive = LANES.maskAll(false);
            VectorMask<Float> negative = LANES.maskAll(false);
            for (float[] v : x) {
                FloatVector xv = FloatVector.fromArray(LANES, v, i);
                VectorMask<Float> pos = xv.compare(VectorOperators.GT, 0f);
                VectorMask<Float> neg = xv.compare(VectorOperators.LT, 0f);
                VectorMask<Float> nonzero = pos.or(neg);
                two = two.or(one.and(nonzero));
                one = one.or(nonzero);
                positive = positive.or(pos);
                negative = negative.or(neg);
            }
            contested += two.trueCount();
            conflicted += positive.and(negative).trueCount();
        }
        for (; i < to; i++) {
            int nonzero = 0;
            boolean positive = false;
            boolean negative = false;
            for (float[] v : x) {
                nonzero += v[i] != 0 ? 1 : 0;
                positive |= v[i] > 0;
                negative |= v[i] < 0;
            }
            contested += nonzero >= 2 ? 1 : 0;
            conflicted += positive && negative ? 1 : 0;
        }
    }
}
