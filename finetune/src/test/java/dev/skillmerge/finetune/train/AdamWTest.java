package dev.skillmerge.finetune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.skillmerge.runtime.engine.TorchEngine;
import dev.skillmerge.runtime.model.FusedKernels;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdamWTest {
    /** torch.optim.AdamW's update for one tensor, in double precision, as its documentation writes it. */
    private static final class Reference {
        final double[] p;
        final double[] m;
        final double[] v;
        int t;

        Reference(float[] initial) {
            p = new double[initial.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = initial[i];
            }
            m = new double[p.length];
            v = new double[p.length];
        }

        void step(float[] grad, double lr, double wd, double scale) {
            t++;
            for (int i = 0; i < p.length; i++) {
                double g = grad[i] * scale;
                p[i] *= 1 - lr * wd;
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                double mHat = m[i] / (1 - Math.pow(0.9, t));
                double denominator = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
                p[i] -= lr * mHat / denominator;
            }
        }
    }

    @ParameterizedTest(name = "fused kernel {0}, weight decay {1}")
    @CsvSource({"true, 0.1", "false, 0.1", "true, 0.0", "false, 0.0"})
    void updatesMatchPyTorchsAdamWWithDecoupledDecayOnMatricesOnly(boolean fused, double weightDecay) {
        TorchEngine.start(1);
        float[] matrix = {0.5f, -1.25f, 2f, 0.75f, -0.1f, 3f};
        float[] vector = {1f, 1f, 0.5f};
        float[][] matrixGrads = {{0.1f, -0.2f, 0.3f, 1e-4f, -2f, 0f}, {0.05f, 0.2f, -0.3f, 0f, 1f, 0.5f}, {-0.1f, 0f, 0.1f, 0.2f, 0.2f, -0.7f}};
        float[][] vectorGrads = {{1f, -1f, 0.25f}, {0.5f, 0f, -0.25f}, {0.1f, 0.1f, 0.1f}};
        double[] rates = {1e-2, 5e-3, 2e-3};
        double[] scales = {1.0, 0.5, 0.25};
        Reference refMatrix = new Reference(matrix);
        Reference refVector = new Reference(vector);
        try (NDManager m = TorchEngine.get().newBaseManager(Device.cpu())) {
            NDArray pm = m.create(matrix, new Shape(2, 3));
            NDArray pv = m.create(vector, new Shape(3));
            List<Trainable> params = List.of(Trainable.of("w", pm), Trainable.of("norm", pv));
            Optional<FusedKernels> kernels = fused ? Optional.of(FusedKernels.available().orElseThrow()) : Optional.empty();
            AdamW adam = new AdamW(params, 0.9, 0.999, 1e-8, weightDecay, m, kernels);
            for (int s = 0; s < 3; s++) {
                adam.update(List.of(m.create(matrixGrads[s], new Shape(2, 3)), m.create(vectorGrads[s], new Shape(3))), rates[s], scales[s]);
                refMatrix.step(matrixGrads[s], rates[s], weightDecay, scales[s]);
                refVector.step(vectorGrads[s], rates[s], 0.0, scales[s]);
            }
            assertClose(refMatrix.p, pm.toFloatArray());
            assertClose(refVector.p, pv.toFloatArray());
            assertEquals(3, adam.updates());
        }
    }

    private static void assertClose(double[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6 * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }
}
