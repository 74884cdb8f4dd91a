package dev.skillmerge.finetune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.finetune.data.Dataset;
import dev.skillmerge.finetune.data.DatasetSpec;
import dev.skillmerge.finetune.data.ExampleEncoder;
import dev.skillmerge.finetune.data.LongExamples;
import dev.skillmerge.finetune.data.Mixture;
import dev.skillmerge.finetune.output.ModelWriter;
import dev.skillmerge.finetune.recipe.Recipe;
import dev.skillmerge.finetune.testing.Jsonl;
import dev.skillmerge.finetune.testing.Models;
import dev.skillmerge.finetune.testing.TinyModels;
import dev.skillmerge.runtime.chat.ChatTemplate;
import dev.skillmerge.runtime.engine.TorchEngine;
import dev.skillmerge.runtime.model.KvCache;
import dev.skillmerge.runtime.model.LlamaModel;
import dev.skillmerge.runtime.tokenizer.TextTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path dir;

    @Test
    void theWrittenModelLoadedByTheRuntimeGivesTheTrainersLogits() throws Exception {
        Path base = TinyModels.gqa(dir.resolve("base"), 17);
        Path data = Jsonl.write(dir.resolve("d.jsonl"), Jsonl.animalTask(24));
        Recipe recipe = new Recipe(1, 0, 1e-2, 0, 0.01, 8, 2, 1.0, 64, 3, 0.9, 0.999, 1e-8, true);
        long[] tokens = {1, 45, 300, 17, 99, 2, 50, 51};
        float[] trainerLogits;
        try (NDManager manager = TorchEngine.get().newBaseManager(ai.djl.Device.cpu());
             LlamaModel model = Models.load(base, manager, DataType.FLOAT32);
             TextTokenizer tokenizer = TextTokenizer.open(base);
             ModelFolder baseFolder = ModelFolder.open(base)) {
            ExampleEncoder encoder = new ExampleEncoder(tokenizer, ChatTemplate.tulu("<s>", "</s>"), OptionalInt.of(2), 64, LongExamples.FAIL);
            Mixture mixture = new Mixture(List.of(Dataset.load(new DatasetSpec(data, 1), encoder, 0, 3)), 3);
            FullParameters parameters = new FullParameters(model.weights());
            Trainer trainer = new Trainer(model, parameters, recipe, new StepPlan(mixture, 8, 1, 0), List.of(), 0, Optional.empty(), 0,
                    new TrainingListener() { });
            TrainingState end = trainer.run(TrainingState.START);
            assertEquals(3, end.step());
            try (NDScope scope = new NDScope()) {
                trainerLogits = model.forward(manager.create(tokens, new Shape(1, tokens.length)), 0, KvCache.none()).toFloatArray();
            }
            Path out = Files.createDirectories(dir.resolve("out"));
            ModelWriter.write(model.weights(), baseFolder, DType.F32, Long.MAX_VALUE, out);
        }
        try (NDManager manager = TorchEngine.get().newBaseManager(ai.djl.Device.cpu());
             ModelFolder f = ModelFolder.open(dir.resolve("out"));
             LlamaModel loaded = LlamaModel.load(f, manager, dev.skillmerge.checkpoint.progress.Progress.silent(0, 0))) {
            try (NDScope scope = new NDScope()) {
                NDArray logits = loaded.forward(manager.create(tokens, new Shape(1, tokens.length)), 0, KvCache.none());
                assertArrayEquals(trainerLogits, logits.toFloatArray());
            }
        }
    }
}
