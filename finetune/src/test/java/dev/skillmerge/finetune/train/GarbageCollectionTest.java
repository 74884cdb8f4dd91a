package dev.skillmerge.finetune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.skillmerge.finetune.data.RowBatch;
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
 * DJL's NDArray.add/mul(Number) free their temporary scalar tensor as soon as the op returns; when autograd
 * still holds it for the backward pass, a garbage collection in between corrupts the gradients. The model
 * and the loss keep every scalar as an owned array; this checks it stays so.
 */
class GarbageCollectionTest {
    @TempDir
    Path dir;

    private static List<float[]> gradients(LlamaModel model, FullParameters parameters, RowBatch batch, NDManager manager, boolean collect)
            throws InterruptedException {
        List<float[]> out = new ArrayList<>();
        try (NDScope scope = new NDScope()) {
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray loss = TokenLoss.of(model, batch, manager, -0.25f);
                if (collect) {
                    for (int i = 0; i < 3; i++) {
                        System.gc();
                        Thread.sleep(30);
                    }
                }
                collector.backward(loss);
            }
            for (NDArray g : parameters.gradients()) {
                out.add(g.toFloatArray());
            }
        }
        parameters.clearGradients();
        return out;
    }

    @Test
    void forcingGarbageCollectionBetweenForwardAndBackwardChangesNoGradient() throws Exception {
        Path folder = TinyModels.gqa(dir, 21);
        try (NDManager manager = TorchEngine.get().newBaseManager(ai.djl.Device.cpu());
             LlamaModel model = Models.load(folder, manager, DataType.FLOAT32)) {
            FullParameters parameters = new FullParameters(model.weights());
            RowBatch batch = GradientCheckTest.batch();
            List<float[]> quiet = gradients(model, parameters, batch, manager, false);
            List<float[]> collected = gradients(model, parameters, batch, manager, true);
            for (int i = 0; i < quiet.size(); i++) {
                assertArrayEquals(quiet.get(i), collected.get(i), parameters.trainables().get(i).name());
            }
        }
    }
}
