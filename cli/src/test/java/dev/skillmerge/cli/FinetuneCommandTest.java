package dev.skillmerge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.finetune.data.Dataset;
import dev.skillmerge.finetune.data.DatasetSpec;
import dev.skillmerge.finetune.data.Example;
import dev.skillmerge.finetune.data.ExampleEncoder;
import dev.skillmerge.finetune.data.LongExamples;
import dev.skillmerge.finetune.testing.Jsonl;
import dev.skillmerge.finetune.testing.Models;
import dev.skillmerge.finetune.testing.Stories;
import dev.skillmerge.finetune.testing.TinyModels;
import dev.skillmerge.finetune.train.Evaluation;
import dev.skillmerge.runtime.chat.ChatTemplate;
import dev.skillmerge.runtime.engine.TorchEngine;
import dev.skillmerge.runtime.model.LlamaModel;
import dev.skillmerge.runtime.tokenizer.TextTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FinetuneCommandTest {
    @TempDir
    Path dir;

    private static CliRun ok(String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), run.err());
        return run;
    }

    @Test
    void initThenPretrainOnPlainTextWritesAModelWithItsTrainingRecord() throws Exception {
        Path config = dir.resolve("tiny.json");
        Files.writeString(config, "{\"hidden_size\": 32, \"num_hidden_layers\": 1, \"num_attention_heads\": 2, \"intermediate_size\": 64,"
                + " \"max_position_embeddings\": 128}");
        Path tiny = dir.resolve("tiny");
        CliRun init = ok("init", "--config", config.toString(), "--tokenizer-from", Stories.model().toString(), "-o", tiny.toString(), "-q");
        assertEquals(tiny.toAbsolutePath().toString(), init.out().strip());
        Path stories = Jsonl.write(dir.resolve("stories.jsonl"), List.of(Jsonl.text("Once upon a time there was a cat."),
                Jsonl.text("The cat liked to play with a red ball in the sun."), Jsonl.text("One day the ball rolled away.")));
        Path out = dir.resolve("pretrained");
        CliRun train = ok("finetune", "--model", tiny.toString(), "--data", stories.toString(), "--lr", "1e-3", "--batch-size", "2",
                "--max-seq-len", "16", "--device", "cpu", "-t", "1", "-o", out.toString(), "-q");
        assertEquals(out.toAbsolutePath().toString(), train.out().strip());
        JsonNode record = Json.readObject(out.resolve("training.json"));
        assertEquals(2, record.at("/recipe/epochs").asInt());
        assertEquals(16, record.at("/recipe/max_seq_len").asInt());
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));
        assertTrue(Files.isRegularFile(out.resolve("tokenizer.json")));
        assertEquals(record.at("/steps").asInt(), Files.readAllLines(out.resolve("metrics.jsonl")).size());
    }

    @Test
    void badDataExitsWith2NamingTheFileAndLine() throws Exception {
        Path base = TinyModels.gqa(dir.resolve("base"), 1);
        Path data = Jsonl.write(dir.resolve("d.jsonl"), List.of(Jsonl.chat("user", "hi", "assistant", "hello"), "{\"messages\": [{\"role\": \"user\"}]}"));
        CliRun run = CliRun.of("finetune", "--model", base.toString(), "--data", data.toString(), "-o", dir.resolve("out").toString(), "-q");
        assertEquals(2, run.exitCode());
        assertEquals("error: " + data + ":2: message 1 (user) has no \"content\" string", run.err().strip());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void aLoraAdapterMergedByLoraMergeScoresAsTheTrainerScoredIt() throws Exception {
        Path base = TinyModels.gqa(dir.resolve("base"), 2);
        Path data = Jsonl.write(dir.resolve("animals.jsonl"), Jsonl.animalTask(32));
        Path adapter = dir.resolve("adapter");
        ok("finetune", "--model", base.toString(), "--data", data.toString(), "--lora", "4", "--lora-alpha", "8", "--lora-targets", "all-linear",
                "--lr", "1e-2", "--batch-size", "8", "--epochs", "1", "--eval-split", "0.25", "--device", "cpu", "-t", "1", "-o", adapter.toString(), "-q");
        Path merged = dir.resolve("merged");
        ok("lora", "merge", "--base", base.toString(), "--adapter", adapter.toString(), "-o", merged.toString(), "-q");
        double trainerEval = Json.readObject(adapter.resolve("training.json")).get("final_eval_loss").asDouble();
        try (TextTokenizer tokenizer = TextTokenizer.open(merged);
             NDManager manager = TorchEngine.get().newBaseManager(ai.djl.Device.cpu());
             LlamaModel model = Models.load(merged, manager, DataType.FLOAT32)) {
            ExampleEncoder encoder = new ExampleEncoder(tokenizer, ChatTemplate.tulu("<s>", "</s>"), OptionalInt.of(2), 128, LongExamples.FAIL);
            List<Example> heldOut = Dataset.load(new DatasetSpec(data, 1), encoder, 0.25, 42).heldOut();
            double mergedEval = Evaluation.meanLoss(model, heldOut, 8, true);
            // W0 + (alpha / r) B A summed in Java instead of PyTorch: equal up to float32 rounding
            assertEquals(trainerEval, mergedEval, 1e-5 * trainerEval);
        }
    }

    @Test
    void weightsAutoReadsTheDatasetSizesTheTrainerRecorded() throws Exception {
        Path base = TinyModels.gqa(dir.resolve("base"), 3);
        Path general = Jsonl.write(dir.resolve("general.jsonl"), Jsonl.animalTask(40));
        Path science = Jsonl.write(dir.resolve("science.jsonl"), Jsonl.animalTask(10));
        String[] common = {"--lr", "1e-3", "--batch-size", "8", "--max-steps", "2", "--device", "cpu", "-t", "1", "-q"};
        ok(concat(new String[] {"finetune", "--model", base.toString(), "--data", general.toString(), "-o", dir.resolve("g").toString()}, common));
        ok(concat(new String[] {"finetune", "--model", base.toString(), "--data", science.toString(), "-o", dir.resolve("e").toString()}, common));
        ok("taskvector", "extract", "--base", base.toString(), "--tuned", dir.resolve("e").toString(), "-o", dir.resolve("tv").toString(), "-q");
        CliRun apply = ok("taskvector", "apply", "--onto", dir.resolve("g").toString(), dir.resolve("tv").toString(), "--weights", "auto",
                "-o", dir.resolve("merged").toString(), "-q");
        assertTrue(apply.err().contains("weight 0.250000 for " + dir.resolve("tv") + " (|D| / |G|)"), apply.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
