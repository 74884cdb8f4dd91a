package dev.skillmerge.finetune.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.finetune.checkpointing.CheckpointStore;
import dev.skillmerge.finetune.data.Dataset;
import dev.skillmerge.finetune.data.DatasetSpec;
import dev.skillmerge.finetune.data.Example;
import dev.skillmerge.finetune.data.ExampleEncoder;
import dev.skillmerge.finetune.data.LongExamples;
import dev.skillmerge.finetune.output.ArrayTensors;
import dev.skillmerge.finetune.testing.Jsonl;
import dev.skillmerge.finetune.testing.Models;
import dev.skillmerge.finetune.testing.Settings;
import dev.skillmerge.finetune.testing.TinyModels;
import dev.skillmerge.finetune.train.Evaluation;
import dev.skillmerge.finetune.train.LoraSettings;
import dev.skillmerge.finetune.train.StepReport;
import dev.skillmerge.finetune.train.TrainingListener;
import dev.skillmerge.runtime.chat.ChatTemplate;
import dev.skillmerge.runtime.engine.TorchEngine;
import dev.skillmerge.runtime.model.LlamaModel;
import dev.skillmerge.runtime.tokenizer.TextTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FinetuneRunTest {
    @TempDir
    Path dir;

    private Path base() throws Exception {
        return TinyModels.gqa(dir.resolve("base"), 3);
    }

    private Path animals(int count) throws Exception {
        return Jsonl.write(dir.resolve("animals.jsonl"), Jsonl.animalTask(count));
    }

    /** Stops a run by throwing after a given step, as a kill would. */
    private static TrainingListener interruptAfter(long step) {
        return new TrainingListener() {
            @Override
            public void onStep(StepReport report) {
                if (report.step() == step) {
                    throw new IllegalStateException("interrupted after step " + step);
                }
            }
        };
    }

    /** Settings of a run on 24 animal examples into out/ that checkpointed every step and was killed after step 2. */
    private Settings interruptedWithCheckpoints() throws Exception {
        Settings s = new Settings(base(), animals(24), dir.resolve("out"));
        s.checkpointEvery = 1;
        assertThrows(IllegalStateException.class, () -> FinetuneRun.run(s.build(), interruptAfter(2)));
        return s;
    }

    private static List<Path> siblingsOf(Path output) throws Exception {
        try (Stream<Path> s = Files.list(output.toAbsolutePath().getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith("." + output.getFileName())).toList();
        }
    }

    @Test
    void lossGoesDownOnALearnableTaskAndTheOutputReproducesTheTrainersEvaluation() throws Exception {
        Settings s = new Settings(base(), animals(40), dir.resolve("out"));
        s.epochs = 10;
        s.learningRate = 1e-2;
        s.evalSplit = 0.2;
        List<Double> losses = new ArrayList<>();
        FinetuneRun.Result result = FinetuneRun.run(s.build(), new TrainingListener() {
            @Override
            public void onStep(StepReport report) {
                losses.add(report.loss());
            }
        });
        assertEquals(32, result.examplesPerEpoch());
        assertEquals(40, result.totalSteps());
        double first = losses.subList(0, 4).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(36, 40).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(last < 0.25 * first, "loss " + first + " -> " + last);

        JsonNode record = Json.readObject(result.output().resolve("training.json"));
        double trainerEval = record.get("final_eval_loss").asDouble();
        // the written model, loaded by the runtime, scores the held-out examples exactly as the trainer did
        try (TextTokenizer tokenizer = TextTokenizer.open(result.output());
             NDManager manager = TorchEngine.get().newBaseManager(ai.djl.Device.cpu());
             LlamaModel loaded = Models.load(result.output(), manager, DataType.FLOAT32)) {
            ExampleEncoder encoder = new ExampleEncoder(tokenizer, ChatTemplate.tulu("<s>", "</s>"), OptionalInt.of(2), 128, LongExamples.FAIL);
            List<Example> heldOut = Dataset.load(new DatasetSpec(dir.resolve("animals.jsonl"), 1), encoder, 0.2, s.seed).heldOut();
            assertEquals(8, heldOut.size());
            assertEquals(trainerEval, Evaluation.meanLoss(loaded, heldOut, 8, true));
        }
    }

    @Test
    void anInterruptedRunResumesToTheSameWeightsAsAnUninterruptedOne() throws Exception {
        Path base = base();
        Path data = animals(40);
        Settings whole = new Settings(base, data, dir.resolve("whole"));
        whole.checkpointEvery = 3;
        FinetuneRun.run(whole.build(), new TrainingListener() { });
        Settings parts = new Settings(base, data, dir.resolve("parts"));
        parts.checkpointEvery = 3;
        IllegalStateException stop = assertThrows(IllegalStateException.class, () -> FinetuneRun.run(parts.build(), interruptAfter(5)));
        assertEquals("interrupted after step 5", stop.getMessage());
        // no output, whole or partial; the checkpoint of step 3 waits
        assertFalse(Files.exists(dir.resolve("parts")));
        assertEquals(List.of(), siblingsOf(dir.resolve("parts")));
        Path checkpoints = FinetuneSettings.defaultCheckpointDir(dir.resolve("parts"));
        assertEquals(List.of(checkpoints.resolve("step-00000003")), CheckpointStore.open(checkpoints, 1).checkpoints());

        parts.resume = true;
        FinetuneRun.Result resumed = FinetuneRun.run(parts.build(), new TrainingListener() { });
        assertEquals(10, resumed.state().step());
        Map<String, float[]> a = ArrayTensors.read(dir.resolve("whole").resolve("model.safetensors"));
        Map<String, float[]> b = ArrayTensors.read(dir.resolve("parts").resolve("model.safetensors"));
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name), b.get(name), name);
        }
        assertEquals(losses(dir.resolve("whole")), losses(dir.resolve("parts")));
        assertFalse(Files.exists(checkpoints), "a finished run removes its checkpoints");
    }

    @Test
    void anInterruptedLoraRunResumesToTheSameAdapter() throws Exception {
        Path base = base();
        Path data = animals(32);
        Optional<LoraSettings> lora = Optional.of(new LoraSettings(2, 4, LoraSettings.ALL_LINEAR));
        Settings whole = new Settings(base, data, dir.resolve("whole"));
        whole.lora = lora;
        FinetuneRun.run(whole.build(), new TrainingListener() { });
        Settings parts = new Settings(base, data, dir.resolve("parts"));
        parts.lora = lora;
        parts.checkpointEvery = 2;
        assertThrows(IllegalStateException.class, () -> FinetuneRun.run(parts.build(), interruptAfter(3)));
        parts.resume = true;
        FinetuneRun.run(parts.build(), new TrainingListener() { });
        Map<String, float[]> a = ArrayTensors.read(dir.resolve("whole").resolve("adapter_model.safetensors"));
        Map<String, float[]> b = ArrayTensors.read(dir.resolve("parts").resolve("adapter_model.safetensors"));
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name), b.get(name), name);
        }
    }

    private static List<String> losses(Path output) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(output.resolve("metrics.jsonl"))) {
            JsonNode node = Json.MAPPER.readTree(line);
            out.add(node.path("step").asText() + ":" + node.path("loss").asText() + ":" + node.path("grad_norm").asText());
        }
        return out;
    }

    @Test
    void theTrainingRecordHoldsWhatTaskVectorsAndCostComparisonsRead() throws Exception {
        Path base = base();
        Path general = Jsonl.write(dir.resolve("general.jsonl"), Jsonl.animalTask(30));
        Path science = Jsonl.write(dir.resolve("science.jsonl"), List.of(Jsonl.text("Once upon a time there was a cat."),
                Jsonl.text("The dog ran to the park."), Jsonl.text("A bird sang.")));
        Settings s = new Settings(base, general, dir.resolve("out"));
        s.data = List.of(new DatasetSpec(general, 0.5), new DatasetSpec(science, 2));
        s.epochs = 1;
        s.batchSize = 7;
        FinetuneRun.Result result = FinetuneRun.run(s.build(), new TrainingListener() { });
        JsonNode r = Json.readObject(result.output().resolve("training.json"));
        try (ModelFolder b = ModelFolder.open(base)) {
            assertEquals(b.fingerprint(), r.at("/base_model/fingerprint").asText());
        }
        assertEquals("general+science", r.at("/dataset/name").asText());
        assertEquals(21, r.at("/dataset/examples").asInt());
        assertEquals(15, r.at("/datasets/0/examples_per_epoch").asInt());
        assertEquals(30, r.at("/datasets/0/lines").asInt());
        assertEquals(6, r.at("/datasets/1/examples_per_epoch").asInt());
        assertEquals(3, r.at("/steps").asInt());
        assertEquals(0.5, r.at("/datasets/0/weight").asDouble());
        List<String> metrics = Files.readAllLines(result.output().resolve("metrics.jsonl"));
        assertEquals(3, metrics.size());
        long tokens = 0;
        for (String line : metrics) {
            tokens += Json.MAPPER.readTree(line).get("tokens").asLong();
        }
        assertEquals(tokens, r.at("/tokens").asLong());
        assertTrue(r.at("/wall_seconds").asDouble() > 0);
        assertEquals(3e-3, r.at("/recipe/learning_rate").asDouble());
        assertTrue(r.at("/lora").isNull());
        // a trained model carries its base's tokenizer and config
        assertTrue(Files.isRegularFile(result.output().resolve("tokenizer.json")));
        assertEquals(Json.readObject(base.resolve("config.json")).get("hidden_size"), Json.readObject(result.output().resolve("config.json")).get("hidden_size"));
    }

    @Test
    void loraWritesAPeftAdapterForTheTargetedProjections() throws Exception {
        Settings s = new Settings(base(), animals(16), dir.resolve("adapter"));
        s.lora = Optional.of(new LoraSettings(4, 8, LoraSettings.DEFAULT_TARGETS));
        s.epochs = 1;
        FinetuneRun.Result result = FinetuneRun.run(s.build(), new TrainingListener() { });
        JsonNode config = Json.readObject(result.output().resolve("adapter_config.json"));
        assertEquals("LORA", config.get("peft_type").asText());
        assertEquals(4, config.get("r").asInt());
        assertEquals(8.0, config.get("lora_alpha").asDouble());
        Map<String, float[]> factors = ArrayTensors.read(result.output().resolve("adapter_model.safetensors"));
        List<String> expected = new ArrayList<>();
        for (int l = 0; l < 2; l++) {
            for (String m : List.of("q_proj", "v_proj")) {
                expected.add("base_model.model.model.layers." + l + ".self_attn." + m + ".lora_A.weight");
                expected.add("base_model.model.model.layers." + l + ".self_attn." + m + ".lora_B.weight");
            }
        }
        assertEquals(expected, List.copyOf(factors.keySet()));
        assertEquals(4 * 32, factors.get(expected.get(0)).length);  // A: [r, hidden]
        assertEquals(16 * 4, factors.get(expected.get(3)).length);  // v_proj B: [kv_heads * head_dim, r]
        assertFalse(Files.exists(result.output().resolve("model.safetensors")));
        assertEquals(4, Json.readObject(result.output().resolve("training.json")).at("/lora/r").asInt());
    }

    @Test
    void badDataFailsBeforeTrainingWithItsFileAndLineAndWritesNothing() throws Exception {
        Path data = Jsonl.write(dir.resolve("bad.jsonl"), List.of(Jsonl.chat("user", "a", "assistant", "b"), Jsonl.chat("user", "c", "assistant", "d"),
                Jsonl.chat("user", "e")));
        Settings s = new Settings(base(), data, dir.resolve("out"));
        UserInputException e = assertThrows(UserInputException.class, () -> FinetuneRun.run(s.build(), new TrainingListener() { }));
        assertEquals(data + ":3: no assistant message; chat examples train on the assistant's turns", e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
        assertEquals(List.of(), siblingsOf(dir.resolve("out")));
        assertFalse(Files.exists(FinetuneSettings.defaultCheckpointDir(dir.resolve("out"))));
    }

    @Test
    void checkpointsOfAnotherRunAreNeitherResumedNorOverwritten() throws Exception {
        Settings s = interruptedWithCheckpoints();
        Path checkpoints = FinetuneSettings.defaultCheckpointDir(dir.resolve("out"));
        UserInputException fresh = assertThrows(UserInputException.class, () -> FinetuneRun.run(s.build(), new TrainingListener() { }));
        assertEquals(checkpoints + ": holds checkpoints of an earlier run; continue it with --resume, or start over with --force", fresh.getMessage());
        s.resume = true;
        s.learningRate = 1e-3;
        UserInputException other = assertThrows(UserInputException.class, () -> FinetuneRun.run(s.build(), new TrainingListener() { }));
        assertEquals(checkpoints + ": holds checkpoints of a run with other settings (recipe differs); resume with the same command line,"
                + " or start over with --force", other.getMessage());
    }

    @Test
    void aRunWhoseDataMovedResumesWhenTheContentIsTheSame() throws Exception {
        Settings s = interruptedWithCheckpoints();
        Path data = s.data.getFirst().file();
        Path moved = Files.createDirectories(dir.resolve("elsewhere")).resolve("animals.jsonl");
        Files.move(data, moved);
        s.data = new ArrayList<>(List.of(new DatasetSpec(moved, 1.0)));
        s.resume = true;
        FinetuneRun.run(s.build(), new TrainingListener() { });
        assertTrue(Files.isRegularFile(dir.resolve("out/model.safetensors")));
    }
}
