package dev.skillmerge.taskvectors.svd;

import dev.skillmerge.merge.kernel.VectorKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two products every pass of the randomized SVD spends its time in: a dot product of a float row
 * with a float vector, and y += a x for a double y and float row x. Vector API; float products summed in
 * float lanes over a row (at most a few thousand terms), rows summed in double.
 */
final class Kernels {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    /** As many floats as DOUBLES has lanes, to widen to doubles one vector at a time. */
    private static final VectorSpecies<Float> WIDENED = VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));

    private Kernels() {
    }

    // sum_j a[aOff + j] b[j], j < n
    static double dot(float[] a, int aOff, float[] b, int n) {
        return dot(a, aOff, b, 0, n);
    }

    static double dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(FLOATS);
        int j = 0;
        for (int upper = FLOATS.loopBound(n); j < upper; j += FLOATS.length()) {
            acc = FloatVector.fromArray(FLOATS, a, aOff + j).fma(FloatVector.fromArray(FLOATS, b, bOff + j), acc);
        }
        double sum = VectorKernels.sumInLaneOrder(acc);
        for (; j < n; j++) {
            sum += (double) a[aOff + j] * b[bOff + j];
        }
        return sum;
    }

    // y[j] += a x[xOff + j], j < n
    static void axpy(double a, float[] x, int xOff, double[] y, int n) {
        if (a == 0) {
            return;
        }
        DoubleVector av = DoubleVector.broadcast(DOUBLES, a);
        int lanes = DOUBLES.length();
        int j = 0;
        for (int upper = DOUBLES.loopBound(n); j < upper; j += lanes) {
            DoubleVector xv = (DoubleVector) FloatVector.fromArray(WIDENED, x, xOff + j).convertShape(VectorOperators.F2D, DOUBLES, 0);
            av.fma(xv, DoubleVector.fromArray(DOUBLES, y, j)).intoArray(y, j);
        }
        for (; j < n; j++) {
            y[j] += a * x[xOff + j];
        }
    }

    /** Four dot products of consecutive rows of {@code a} (row length n, first at aOff) with b: b is loaded once for all four. */
    static void dot4(float[] a, int aOff, int n, float[] b, double[] out) {
        FloatVector s0 = FloatVector.zero(FLOATS);
        FloatVector s1 = FloatVector.zero(FLOATS);
        FloatVector s2 = FloatVector.zero(FLOATS);
        FloatVector s3 = FloatVector.zero(FLOATS);
        int j = 0;
        for (int upper = FLOATS.loopBound(n); j < upper; j += FLOATS.length()) {
            FloatVector bv = FloatVector.fromArray(FLOATS, b, j);
            s0 = FloatVector.fromArray(FLOATS, a, aOff + j).fma(bv, s0);
            s1 = FloatVector.fromArray(FLOATS, a, aOff + n + j).fma(bv, s1);
            s2 = FloatVector.fromArray(FLOATS, a, aOff + 2 * n + j).fma(bv, s2);
            s3 = FloatVector.fromArray(FLOATS, a, aOff + 3 * n + j).fma(bv, s3);
        }
        double r0 = VectorKernels.sumInLaneOrder(s0);
        double r1 = VectorKernels.sumInLaneOrder(s1);
        double r2 = VectorKernels.sumInLaneOrder(s2);
        double r3 = VectorKernels.sumInLaneOrder(s3);
        for (; j < n; j++) {
            r0 += (double) a[aOff + j] * b[j];
            r1 += (double) a[aOff + n + j] * b[j];
            r2 += (double) a[aOff + 2 * n + j] * b[j];
            r3 += (double) a[aOff + 3 * n + j] * b[j];
        }
        out[0] = r0;
        out[1] = r1;
        out[2] = r2;
        out[3] = r3;
    }

    /** y[j] += c0 x_0[j] + c1 x_1[j] + c2 x_2[j] + c3 x_3[j] for four consecutive rows x of length n at xOff: y is read and written once. */
    static void axpy4(double c0, double c1, double c2, double c3, float[] x, int xOff, int n, double[] y) {
        DoubleVector v0 = DoubleVector.broadcast(DOUBLES, c0);
        DoubleVector v1 = DoubleVector.broadcast(DOUBLES, c1);
        DoubleVector v2 = DoubleVector.broadcast(DOUBLES, c2);
        DoubleVector v3 = DoubleVector.broadcast(DOUBLES, c3);
        int j = 0;
        for (int upper = DOUBLES.loopBound(n); j < upper; j += DOUBLES.length()) {
            DoubleVector acc = DoubleVector.fromArray(DOUBLES, y, j);
            acc = v0.fma(widen(x, xOff + j), acc);
            acc = v1.fma(widen(x, xOff + n + j), acc);
            acc = v2.fma(widen(x, xOff + 2 * n + j), acc);
            acc = v3.fma(widen(x, xOff + 3 * n + j), acc);
            acc.intoArray(y, j);
        }
        for (; j < n; j++) {
            y[j] += c0 * x[xOff + j] + c1 * x[xOff + n + j] + c2 * x[xOff + 2 * n + j] + c3 * x[xOff + 3 * n + j];
        }
    }

    private static DoubleVector widen(float[] x, int at) {
        return (DoubleVector) FloatVector.fromArray(WIDENED, x, at).convertShape(VectorOperators.F2D, DOUBLES, 0);
    }
}
