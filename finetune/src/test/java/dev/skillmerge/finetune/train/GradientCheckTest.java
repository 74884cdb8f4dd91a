package dev.skillmerge.finetune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.skillmerge.checkpoint.rng.PositionalRandom;
import dev.skillmerge.finetune.data.Example;
import dev.skillmerge.finetune.data.RowBatch;
import dev.skillmerge.finetune.data.Source;
import dev.skillmerge.finetune.testing.Models;
import dev.skillmerge.finetune.testing.TinyModels;
import dev.skillmerge.runtime.engine.TorchEngine;
import dev.skillmerge.runtime.model.LlamaModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Autograd through the runtime's model against central finite differences, in float64 so the comparison
 * is tight: for every trainable tensor P and a random direction V, dL/dP . V must equal the derivative of
 * L(P + hV) at h = 0 by a five-point stencil, whose error is O(h^4). A wrong gradient would be off by the
 * order of the gradient itself.
 */
class GradientCheckTest {
    private static final double H = 1e-4;

    @TempDir
    Path dir;

    /** Two examples packed into one row (so the segment mask and per-example positions are exercised) and one alone. */
    static RowBatch batch() {
        List<Example> examples = new ArrayList<>();
        int[][] tokens = {{1, 45, 300, 17, 99, 2}, {1, 5, 77}, {1, 8, 13, 400}};
        for (int e = 0; e < tokens.length; e++) {
            boolean[] trained = new boolean[tokens[e].length];
            for (int i = 2; i < trained.length; i++) {
                trained[i] = true;
            }
            examples.add(new Example(tokens[e], trained, new Source(Path.of("g.jsonl"), e + 1)));
        }
        RowBatch b = RowBatch.of(examples, true);
        assertTrue(b.packed());
        return b;
    }

    static double loss(LlamaModel model, RowBatch batch, NDManager manager) {
        try (NDScope scope = new NDScope()) {
            return TokenLoss.of(model, batch, manager, -1f).toType(DataType.FLOAT64, false).getDouble();
        }
    }

    static void check(LlamaModel model, TrainableParameters parameters, NDManager manager) {
        RowBatch batch = batch();
        Engine engine = manager.getEngine();
        parameters.prepare();
        List<double[]> gradients = new ArrayList<>();
        try (NDScope scope = new NDScope()) {
            try (GradientCollector collector = engine.newGradientCollector()) {
                collector.backward(TokenLoss.of(model, batch, manager, -1f));
            }
            for (NDArray g : parameters.gradients()) {
                gradients.add(Models.doubles(g));
            }
        }
        List<Trainable> trainables = parameters.trainables();
        for (int i = 0; i < trainables.size(); i++) {
            Trainable t = trainables.get(i);
            PositionalRandom random = PositionalRandom.of(11, t.name());
            double[] direction = new double[Math.toIntExact(t.value().size())];
            double analytic = 0;
            for (int j = 0; j < direction.length; j++) {
                direction[j] = random.symmetric(j);
                analytic += gradients.get(i)[j] * direction[j];
            }
            double numeric;
            try (NDScope scope = new NDScope()) {
                // the five-point stencil (-L(2h) + 8 L(h) - 8 L(-h) + L(-2h)) / 12h, whose error is O(h^4)
                NDArray step = manager.create(direction, t.value().getShape()).mul(manager.create(H));
                double[] at = new double[4];
                double[] offsets = {2, 1, -1, -2};
                for (int k = 0; k < 4; k++) {
                    NDArray shift = step.mul(manager.create(offsets[k]));
                    t.value().addi(shift);
                    parameters.prepare();
                    at[k] = loss(model, batch, manager);
                    t.value().subi(shift);
                }
                parameters.prepare();
                numeric = (-at[0] + 8 * at[1] - 8 * at[2] + at[3]) / (12 * H);
            }
            assertTrue(Math.abs(analytic) > 1e-6, t.name() + " has a vanishing gradient along the test direction");
            // 1e-7 relative, plus the float64 round-off of differencing a loss of ~6 over h (~1e-11)
            assertEquals(analytic, numeric, 1e-7 * Math.abs(analytic) + 1e-10, t.name());
        }
        parameters.clearGradients();
    }

    @Test
    void everyWeightOfEveryLayerHasTheGradientOfFiniteDifferences() throws Exception {
        Path folder = TinyModels.gqa(dir, 5);
        try (NDManager manager = TorchEngine.get().newBaseManager(ai.djl.Device.cpu());
             LlamaModel model = Models.load(folder, manager, DataType.FLOAT64)) {
            FullParameters parameters = new FullParameters(model.weights());
            assertEquals(2 + 2 * 9 + 1, parameters.trainables().size());
            check(model, parameters, manager);
        }
    }

    @Test
    void aTiedHeadCollectsTheGradientOfBothOfItsUses() throws Exception {
        Path folder = TinyModels.of(dir, 16, 1, 2, 1, 24, true, 9);
        try (NDManager manager = TorchEngine.get().newBaseManager(ai.djl.Device.cpu());
             LlamaModel model = Models.load(folder, manager, DataType.FLOAT64)) {
            check(model, new FullParameters(model.weights()), manager);
        }
    }

    @Test
    void loraFactorsHaveTheGradientOfFiniteDifferences() throws Exception {
        Path folder = TinyModels.gqa(dir, 6);
        try (NDManager manager = TorchEngine.get().newBaseManager(ai.djl.Device.cpu());
             LlamaModel model = Models.load(folder, manager, DataType.FLOAT64);
             LoraParameters lora = new LoraParameters(model.weights(), new LoraSettings(2, 4, LoraSettings.ALL_LINEAR), 3, manager)) {
            // B starts at zero, where dL/dA vanishes: move it so that both factors' gradients are tested
            for (LoraParameters.Module m : lora.modules()) {
                m.b().addi(manager.randomNormal(0, 0.05f, m.b().getShape(), DataType.FLOAT64));
            }
            assertEquals(2 * 7 * 2, lora.trainables().size());
            check(model, lora, manager);
        }
    }
}
