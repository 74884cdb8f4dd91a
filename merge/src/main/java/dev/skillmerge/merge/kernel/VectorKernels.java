package dev.skillmerge.merge.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise loops every merge spends its time in. Straight-line loops (subtract, scale, add,
 * fused multiply-add) are plain Java, which C2 vectorizes by itself and which run well from the first
 * call; loops with per-element decisions use the Vector API, measured on this machine (AVX-512, 1
 * Mi-element chunks): sign-consensus mixing 0.7 ns/element against 1.7-3 ns for the best branch-free
 * scalar loop and 12 ns for the plain branchy one (random signs mispredict); see docs/design.md. Each method is a plain loop over arrays with a scalar tail that rounds the same
 * way (fused multiply-add where the vector body uses one), so a value never depends on its lane.
 */
public final class VectorKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

    private VectorKernels() {
    }

    /** out = x - b. */
    public static void subtract(float[] x, float[] b, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = x[i] - b[i];
        }
    }

    /** out = |x - b|. */
    public static void absoluteDifference(float[] x, float[] b, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = Math.abs(x[i] - b[i]);
        }
    }

    /** x *= w. */
    public static void scale(float[] x, float w, int n) {
        for (int i = 0; i < n; i++) {
            x[i] *= w;
        }
    }

    /** acc += x. */
    public static void add(float[] acc, float[] x, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] += x[i];
        }
    }

    /** acc += w * x. */
    public static void addScaled(float[] acc, float[] x, float w, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] = Math.fma(w, x[i], acc[i]);
        }
    }

    /** out = base + s * x. */
    public static void offset(float[] base, float[] x, float s, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = Math.fma(s, x[i], base[i]);
        }
    }

    /** sign[i] = +1 where sum[i] >= 0, else -1 (in place): the elected sign of TIES. */
    public static void electSigns(float[] sum, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector minusOne = FloatVector.broadcast(F, -1f);
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            VectorMask<Float> negative = FloatVector.fromArray(F, sum, i).compare(VectorOperators.LT, 0f);
            one.blend(minusOne, negative).intoArray(sum, i);
        }
        for (; i < n; i++) {
            sum[i] = sum[i] >= 0 ? 1f : -1f;
        }
    }

    /** Where u agrees with the elected sign (u * sign > 0, so zeros never agree): mixed += u, divisor += w. */
    public static void addAgreeing(float[] u, float w, float[] sign, float[] mixed, float[] divisor, int n) {
        int i = 0;
        FloatVector zero = FloatVector.zero(F);
        FloatVector weight = FloatVector.broadcast(F, w);
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, u, i);
            VectorMask<Float> agrees = v.mul(FloatVector.fromArray(F, sign, i)).compare(VectorOperators.GT, 0f);
            FloatVector.fromArray(F, mixed, i).add(zero.blend(v, agrees)).intoArray(mixed, i);
            FloatVector.fromArray(F, divisor, i).add(zero.blend(weight, agrees)).intoArray(divisor, i);
        }
        for (; i < n; i++) {
            if (u[i] * sign[i] > 0) {
                mixed[i] += u[i];
                divisor[i] += w;
            }
        }
    }

    /** out = base + lambda * mixed / divisor, a divisor of 0 counting as 1. */
    public static void offsetByQuotient(float[] base, float[] mixed, float[] divisor, float lambda, float[] out, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector d = FloatVector.fromArray(F, divisor, i);
            d = d.blend(one, d.compare(VectorOperators.EQ, 0f));
            FloatVector.fromArray(F, mixed, i).div(d).fma(FloatVector.broadcast(F, lambda), FloatVector.fromArray(F, base, i)).intoArray(out, i);
        }
        for (; i < n; i++) {
            float d = divisor[i] == 0 ? 1f : divisor[i];
            out[i] = Math.fma(mixed[i] / d, lambda, base[i]);
        }
    }

    /**
     * Zeroes x[i] where |x[i]|'s bit pattern is below {@code threshold}, keeps it above; returns the index
     * of the first lane equal to the threshold that was left for the caller to decide, or n when none.
     * Lanes equal to the threshold stop the vector loop so the caller can break ties in position order.
     */
    public static int zeroBelow(float[] x, int from, int n, int threshold) {
        int i = from;
        IntVector t = IntVector.broadcast(I, threshold);
        for (int bound = from + I.loopBound(n - from); i < bound; i += I.length()) {
            IntVector raw = FloatVector.fromArray(F, x, i).reinterpretAsInts();
            IntVector bits = raw.and(0x7FFFFFFF);
            if (bits.compare(VectorOperators.EQ, t).anyTrue()) {
                break;
            }
            raw.blend(0, bits.compare(VectorOperators.LT, t)).reinterpretAsFloats().intoArray(x, i);
        }
        for (; i < n; i++) {
            int bits = Float.floatToRawIntBits(x[i]) & 0x7FFFFFFF;
            if (bits == threshold) {
                return i;
            }
            if (bits < threshold) {
                x[i] = 0f;
            }
        }
        return n;
    }
}
