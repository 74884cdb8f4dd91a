package dev.skillmerge.merge.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
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
    // The double sums' eight partial sums as two 4-lane double vectors, each widened from a whole 4-lane float
    // load (converting the upper half of an 8-lane load costs a lane shuffle more: sumOfAbs 0.181 -> 0.167 ns
    // per element warm, 0.76 -> 0.33 ns over a first, cold round of 2,000 calls), where the hardware has 256-bit
    // vectors (else the scalar form below, which gives the same bits).
    private static final VectorSpecies<Float> F4 = FloatVector.SPECIES_128;
    private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;
    private static final boolean WIDE = F.vectorBitSize() >= 256;

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

    /** acc += w * x, rounded as the two steps scale, add (no fused multiply-add). */
    public static void addProduct(float[] acc, float[] x, float w, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] += w * x[i];
        }
    }

    /** acc += w * (x - b), rounded as the three steps delta, scale, add (no fused multiply-add). */
    public static void addScaledDifference(float[] acc, float[] x, float[] b, float w, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] += w * (x[i] - b[i]);
        }
    }

    /** acc += w * x as one fused multiply-add (one rounding; {@link #addProduct} rounds the product first). */
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

    /**
     * TIES' disjoint merge of (sparsified) task vectors d_k with weights w_k, in one pass: u_k = w_k d_k;
     * s = sign(sum_k u_k) (+1 where the sum is >= 0); mixed = sum of the u_k that agree with s
     * (u_k * s > 0); divisor = sum of their weights; out = base + lambda * mixed / divisor (a divisor of 0
     * counting as 1) when normalizing, else base + lambda * mixed. Zeros never agree, so a position where
     * every entry was trimmed keeps the base. One pass, the intermediate values in registers (it was eleven
     * array passes: scale per model, sum, elect, agree per model, offset), with the same float operations in
     * the same order.
     */
    public static void signConsensus(float[][] d, float[] weight, float[] base, boolean normalize, float lambda,
                                     float[] out, int n) {
        int models = d.length;
        int i = 0;
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector minusOne = FloatVector.broadcast(F, -1f);
        FloatVector scale = FloatVector.broadcast(F, lambda);
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector sum = zero;
            for (int k = 0; k < models; k++) {
                sum = sum.add(FloatVector.fromArray(F, d[k], i).mul(weight[k]));
            }
            FloatVector sign = one.blend(minusOne, sum.compare(VectorOperators.LT, 0f));
            FloatVector mixed = zero;
            FloatVector divisor = zero;
            for (int k = 0; k < models; k++) {
                FloatVector v = FloatVector.fromArray(F, d[k], i).mul(weight[k]);
                VectorMask<Float> agrees = v.mul(sign).compare(VectorOperators.GT, 0f);
                mixed = mixed.add(zero.blend(v, agrees));
                divisor = divisor.add(zero.blend(FloatVector.broadcast(F, weight[k]), agrees));
            }
            FloatVector b = FloatVector.fromArray(F, base, i);
            if (normalize) {
                mixed = mixed.div(divisor.blend(one, divisor.compare(VectorOperators.EQ, 0f)));
            }
            mixed.fma(scale, b).intoArray(out, i);
        }
        for (; i < n; i++) {
            float sum = 0f;
            for (int k = 0; k < models; k++) {
                sum += d[k][i] * weight[k];
            }
            float sign = sum >= 0 ? 1f : -1f;
            float mixed = 0f;
            float divisor = 0f;
            for (int k = 0; k < models; k++) {
                float u = d[k][i] * weight[k];
                if (u * sign > 0) {
                    mixed += u;
                    divisor += weight[k];
                }
            }
            if (normalize) {
                mixed /= divisor == 0 ? 1f : divisor;
            }
            out[i] = Math.fma(mixed, lambda, base[i]);
        }
    }

    /**
     * Where d agrees with the elected sign (d * sign > 0): mixed += w * d, divisor += w. SCE's erase step,
     * which tests the unweighted task vector's sign and weights afterwards.
     */
    public static void addAgreeingWeighted(float[] d, float w, float[] sign, float[] mixed, float[] divisor, int n) {
        int i = 0;
        FloatVector zero = FloatVector.zero(F);
        FloatVector weight = FloatVector.broadcast(F, w);
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, d, i);
            VectorMask<Float> agrees = v.mul(FloatVector.fromArray(F, sign, i)).compare(VectorOperators.GT, 0f);
            FloatVector.fromArray(F, mixed, i).add(zero.blend(v.mul(weight), agrees)).intoArray(mixed, i);
            FloatVector.fromArray(F, divisor, i).add(zero.blend(weight, agrees)).intoArray(divisor, i);
        }
        for (; i < n; i++) {
            if (d[i] * sign[i] > 0) {
                mixed[i] += w * d[i];
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
     * sum |x[i]| over [0, n), in double. Eight interleaved partial sums in a fixed order: one chain of
     * dependent adds runs at a quarter of the speed, and a lane-width-dependent reduction would make the
     * result differ between machines.
     */
    public static double sumOfAbs(float[] x, int n) {
        int i = 0;
        if (WIDE) {
            // partial sum j lives in lane j of (low, high): the same eight sums, eight elements per step
            DoubleVector low = DoubleVector.zero(D4);
            DoubleVector high = DoubleVector.zero(D4);
            for (; i + 7 < n; i += 8) {
                low = low.add(widen(x, i).abs());
                high = high.add(widen(x, i + 4).abs());
            }
            double s0 = low.lane(0);
            for (; i < n; i++) {
                s0 += Math.abs(x[i]);
            }
            return sumOfLanes(s0, low, high);
        }
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        for (; i + 7 < n; i += 8) {
            s0 += Math.abs(x[i]);
            s1 += Math.abs(x[i + 1]);
            s2 += Math.abs(x[i + 2]);
            s3 += Math.abs(x[i + 3]);
            s4 += Math.abs(x[i + 4]);
            s5 += Math.abs(x[i + 5]);
            s6 += Math.abs(x[i + 6]);
            s7 += Math.abs(x[i + 7]);
        }
        for (; i < n; i++) {
            s0 += Math.abs(x[i]);
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /**
     * The sum of a vector's lanes, added in lane order in double. {@code reduceLanes(ADD)} may add them in
     * any order, and its interpreted and compiled forms do differ: a sum would then depend on when the JIT
     * compiled its caller (two runs of the same taskvector stats differed in the 11th digit).
     */
    public static double sumInLaneOrder(FloatVector v) {
        double sum = 0;
        for (float lane : v.toArray()) {
            sum += lane;
        }
        return sum;
    }

    private static DoubleVector widen(float[] x, int i) {
        return (DoubleVector) FloatVector.fromArray(F4, x, i).convertShape(VectorOperators.F2D, D4, 0);
    }

    /** The eight partial sums' fixed final order, partial sum 0 (with the tail added) given apart from lane 0. */
    private static double sumOfLanes(double s0, DoubleVector low, DoubleVector high) {
        return ((s0 + low.lane(1)) + (low.lane(2) + low.lane(3))) + ((high.lane(0) + high.lane(1)) + (high.lane(2) + high.lane(3)));
    }

    /**
     * sum x[i] * y[i] over [from, from + length), summed as {@link #sumOfAbs}. The product of two floats is
     * exact in double, so a fused multiply-add rounds exactly as a multiply then an add would, in one
     * instruction.
     */
    public static double dot(float[] x, float[] y, int from, int length) {
        int i = from;
        int end = from + length;
        if (WIDE) {
            DoubleVector low = DoubleVector.zero(D4);
            DoubleVector high = DoubleVector.zero(D4);
            for (; i + 7 < end; i += 8) {
                low = widen(x, i).fma(widen(y, i), low);
                high = widen(x, i + 4).fma(widen(y, i + 4), high);
            }
            double s0 = low.lane(0);
            for (; i < end; i++) {
                s0 = Math.fma(x[i], (double) y[i], s0);
            }
            return sumOfLanes(s0, low, high);
        }
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        for (; i + 7 < end; i += 8) {
            s0 = Math.fma(x[i], (double) y[i], s0);
            s1 = Math.fma(x[i + 1], (double) y[i + 1], s1);
            s2 = Math.fma(x[i + 2], (double) y[i + 2], s2);
            s3 = Math.fma(x[i + 3], (double) y[i + 3], s3);
            s4 = Math.fma(x[i + 4], (double) y[i + 4], s4);
            s5 = Math.fma(x[i + 5], (double) y[i + 5], s5);
            s6 = Math.fma(x[i + 6], (double) y[i + 6], s6);
            s7 = Math.fma(x[i + 7], (double) y[i + 7], s7);
        }
        for (; i < end; i++) {
            s0 = Math.fma(x[i], (double) y[i], s0);
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
