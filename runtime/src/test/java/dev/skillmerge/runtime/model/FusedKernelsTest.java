package dev.skillmerge.runtime.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.skillmerge.runtime.testing.TinyModels;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class FusedKernelsTest {
    private static final long B = 2;
    private static final long H = 3;
    private static final long T = 5;
    private static final long D = 4;

    @Test
    @EnabledOnOs(OS.LINUX)
    void theBundledLibtorchHasEveryKernel() {
        // a libtorch upgrade that renames the symbols must fail here, not fall back to the slower ops unnoticed
        assertTrue(FusedKernels.available().isPresent());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void siluAndItsGradientAreTheHandComputedValues() {
        FusedKernels kernels = FusedKernels.available().orElseThrow();
        try (NDManager manager = TinyModels.cpuManager()) {
            NDArray x = manager.create(new float[] {-2f, 0f, 1f});
            x.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                y = kernels.silu(x);
                collector.backward(y.sum());
            }
            // silu(x) = x / (1 + e^-x); silu'(x) = s (1 + x (1 - s)) with s = sigmoid(x)
            assertArrayEquals(new float[] {-0.23840584f, 0f, 0.7310586f}, y.toFloatArray(), 1e-7f);
            assertArrayEquals(new float[] {-0.09078425f, 0.5f, 0.9276705f}, x.getGradient().toFloatArray(), 1e-7f);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void rmsNormIsTheHandComputedValueAndItsGradientThatOfTheDecomposedForm() {
        FusedKernels kernels = FusedKernels.available().orElseThrow();
        try (NDManager manager = TinyModels.cpuManager()) {
            // rows (3, 4): mean square 12.5, (1, -1): 1; eps 0.5 -> scales 1/sqrt(13) and 1/sqrt(1.5)
            float[] rows = {3f, 4f, 1f, -1f};
            float[] weight = {2f, 0.5f};
            float[][] fused = normGradients(manager, rows, weight, (in) -> kernels.rmsNorm(in[0], in[1], 0.5));
            double a = 1 / Math.sqrt(13);
            double b = 1 / Math.sqrt(1.5);
            assertArrayEquals(new float[] {(float) (6 * a), (float) (2 * a), (float) (2 * b), (float) (-0.5 * b)}, fused[0], 1e-6f);
            NDArray eps = manager.create(0.5f);
            float[][] plain = normGradients(manager, rows, weight,
                    (in) -> in[0].div(in[0].square().mean(new int[] {-1}, true).add(eps).sqrt()).mul(in[1]));
            assertArrayEquals(plain[1], fused[1], 1e-6f, "input gradient");
            assertArrayEquals(plain[2], fused[2], 1e-6f, "weight gradient");
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void attentionWithAMaskEqualsSoftmaxOfMaskedScoresAndSoDoItsGradients() {
        try (NDManager manager = TinyModels.cpuManager()) {
            // a prefill after two cached positions
            compare(manager, T + 2, causal(manager, T, T + 2, 2), false);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void theCausalFlagEqualsTheCausalMaskFromPositionZero() {
        try (NDManager manager = TinyModels.cpuManager()) {
            compare(manager, T, causal(manager, T, T, 0), true);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aPerRowMaskOfFourAxesBroadcastsOverHeads() {
        try (NDManager manager = TinyModels.cpuManager()) {
            // row 0 causal, row 1 two packed sequences of 2 and 3 tokens
            float inf = Float.NEGATIVE_INFINITY;
            float[] rows = new float[(int) (B * T * T)];
            for (int i = 0; i < T; i++) {
                for (int j = 0; j < T; j++) {
                    rows[(int) (i * T + j)] = j > i ? inf : 0f;
                    boolean sameSequence = (i < 2) == (j < 2);
                    rows[(int) (T * T + i * T + j)] = j > i || !sameSequence ? inf : 0f;
                }
            }
            NDArray mask = manager.create(rows, new Shape(B, 1, T, T));
            compare(manager, T, mask, false);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void shapesLibtorchWouldRejectAreAnIllegalArgumentNotACrash() {
        FusedKernels kernels = FusedKernels.available().orElseThrow();
        try (NDManager manager = TinyModels.cpuManager()) {
            NDArray q = manager.zeros(new Shape(B, H, T, D));
            NDArray shortKeys = manager.zeros(new Shape(B, H, T, D - 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kernels.attention(q, shortKeys, shortKeys, null, false));
            assertEquals("attention needs q [B, H, T, D] and k, v [B, H, S, D]; got (2, 3, 5, 4), (2, 3, 5, 3), (2, 3, 5, 3)", e.getMessage());
            NDArray wideMask = manager.zeros(new Shape(T, T + 1));
            e = assertThrows(IllegalArgumentException.class, () -> kernels.attention(q, q, q, wideMask, false));
            assertEquals("an attention mask (5, 6) does not broadcast to the scores (2, 3, 5, 5)", e.getMessage());
            NDArray doubleKeys = manager.zeros(new Shape(B, H, T, D), DataType.FLOAT64);
            e = assertThrows(IllegalArgumentException.class, () -> kernels.attention(q, doubleKeys, doubleKeys, null, false));
            assertEquals("attention key is float64 on cpu(), not float32 on cpu() as the tensor it goes with", e.getMessage());
        }
    }

    /** Fused attention against softmax(q k^T / sqrt(D) + mask) v: outputs and the gradients of q, k and v. */
    private static void compare(NDManager manager, long s, NDArray mask, boolean causalFlag) {
        FusedKernels kernels = FusedKernels.available().orElseThrow();
        manager.getEngine().setRandomSeed(5);
        NDArray q = manager.randomNormal(new Shape(B, H, T, D));
        NDArray k = manager.randomNormal(new Shape(B, H, s, D));
        NDArray v = manager.randomNormal(new Shape(B, H, s, D));
        float[][] fused = run(q, k, v, (in) -> kernels.attention(in[0], in[1], in[2], causalFlag ? null : mask, causalFlag));
        NDArray scale = manager.create((float) (1 / Math.sqrt(D)));
        float[][] plain = run(q, k, v, (in) -> in[0].mul(scale).matMul(in[1].swapAxes(-1, -2)).add(mask).softmax(-1).matMul(in[2]));
        String[] what = {"output", "q gradient", "k gradient", "v gradient"};
        for (int i = 0; i < what.length; i++) {
            assertArrayEquals(plain[i], fused[i], 2e-6f, what[i]);
        }
    }

    // output and the three gradients of sum(output * weights), weights fixed so every output element matters differently
    private static float[][] run(NDArray q0, NDArray k0, NDArray v0, Function<NDArray[], NDArray> attention) {
        NDArray[] in = {q0.duplicate(), k0.duplicate(), v0.duplicate()};
        for (NDArray x : in) {
            x.setRequiresGradient(true);
        }
        NDArray out;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            out = attention.apply(in);
            NDArray weights = out.getManager().arange((float) out.size()).reshape(out.getShape()).div(out.size());
            collector.backward(out.mul(weights).sum());
        }
        return new float[][] {out.toFloatArray(), in[0].getGradient().toFloatArray(), in[1].getGradient().toFloatArray(),
                in[2].getGradient().toFloatArray()};
    }

    // output and the gradients of input and weight of sum(output * [1, 2, 3, 4])
    private static float[][] normGradients(NDManager manager, float[] rows, float[] weight, Function<NDArray[], NDArray> norm) {
        NDArray[] in = {manager.create(rows, new Shape(2, 2)), manager.create(weight)};
        for (NDArray x : in) {
            x.setRequiresGradient(true);
        }
        NDArray out;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            out = norm.apply(in);
            collector.backward(out.mul(manager.create(new float[] {1f, 2f, 3f, 4f}, new Shape(2, 2))).sum());
        }
        return new float[][] {out.toFloatArray(), in[0].getGradient().toFloatArray(), in[1].getGradient().toFloatArray()};
    }

    private static NDArray causal(NDManager manager, long t, long s, long start) {
        float[] values = new float[(int) (t * s)];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < s; j++) {
                values[(int) (i * s + j)] = j > start + i ? Float.NEGATIVE_INFINITY : 0f;
            }
        }
        return manager.create(values, new Shape(t, s));
    }
}
