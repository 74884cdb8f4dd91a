package dev.skillmerge.finetune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
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

/** Packing examples side by side in a row changes the padding computed, not the loss or its gradients. */
class PackingTest {
    @TempDir
    Path dir;

    private record Outcome(double loss, List<double[]> gradients) {
    }

    private static Outcome run(LlamaModel model, FullParameters parameters, RowBatch batch, NDManager manager) {
        List<double[]> gradients = new ArrayList<>();
        double loss;
        try (NDScope scope = new NDScope()) {
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray l = TokenLoss.of(model, batch, manager, -1f);
                collector.backward(l);
                loss = l.toType(DataType.FLOAT64, false).getDouble();
            }
            parameters.gradients().forEach(g -> gradients.add(Models.doubles(g)));
        }
        parameters.clearGradients();
        return new Outcome(loss, gradients);
    }

    @Test
    void packedRowsGiveTheLossAndGradientsOfOneRowPerExample() throws Exception {
        List<Example> examples = new ArrayList<>();
        int[][] tokens = {{1, 45, 300, 17, 99, 2, 50, 51}, {1, 5, 77}, {1, 8, 13, 400}, {1, 9, 9}};
        for (int e = 0; e < tokens.length; e++) {
            boolean[] trained = new boolean[tokens[e].length];
            java.util.Arrays.fill(trained, 1, trained.length, true);
            examples.add(new Example(tokens[e], trained, new Source(Path.of("p.jsonl"), e + 1)));
        }
        RowBatch packed = RowBatch.of(examples, true);
        RowBatch unpacked = RowBatch.of(examples, false);
        assertTrue(packed.packed());
        assertEquals(2, packed.rows());
        assertFalse(unpacked.packed());
        Path folder = TinyModels.gqa(dir, 13);
        try (NDManager manager = TorchEngine.get().newBaseManager(ai.djl.Device.cpu());
             LlamaModel model = Models.load(folder, manager, DataType.FLOAT64)) {
            FullParameters parameters = new FullParameters(model.weights());
            Outcome a = run(model, parameters, packed, manager);
            Outcome b = run(model, parameters, unpacked, manager);
            assertEquals(b.loss(), a.loss(), 1e-12 * Math.abs(b.loss()));
            for (int i = 0; i < a.gradients().size(); i++) {
                double[] x = a.gradients().get(i);
                double[] y = b.gradients().get(i);
                for (int j = 0; j < x.length; j++) {
                    assertEquals(y[j], x[j], 1e-10, parameters.trainables().get(i).name() + "[" + j + "]");
                }
            }
        }
    }
}
