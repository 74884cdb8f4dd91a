package dev.skillmerge.taskvectors.svd;

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
        double sum = acc.reduceLanes(VectorOperators.ADD);
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
}
