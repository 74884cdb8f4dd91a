package dev.skillmerge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.merge.testing.TinyModel;
import dev.skillmerge.taskvectors.testing.Adapters;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoraCommandTest {
    static final String Q = "model.layers.0.self_attn.q_proj";

    @TempDir
    Path dir;

    @Test
    void mergeAddsTheScaledUpdateAndCarriesTheModelsFiles() throws Exception {
        Path base = TinyModel.at(dir.resolve("base")).tensor(Q + ".weight", Shape.of(2, 2), 1, 0, 0, 1).write();
        Files.writeString(base.resolve("tokenizer.json"), "{}");
        Path adapter = Adapters.at(dir.resolve("adapter"))
                .config("{\"peft_type\": \"LORA\", \"r\": 1, \"lora_alpha\": 2, \"target_modules\": [\"q_proj\"]}")
                .tensor("base_model.model." + Q + ".lora_A.weight", Shape.of(1, 2), 1, 2)
                .tensor("base_model.model." + Q + ".lora_B.weight", Shape.of(2, 1), 1, -1)
                .write();
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("lora", "merge", "--base", base.toString(), "--adapter", adapter.toString(), "--scale", "0.5", "-o", out.toString(), "-q");
        assertEquals(0, run.exitCode(), run.err());
        // W + 0.5 * (2 / 1) * [[1, 2], [-1, -2]]
        assertArrayEquals(new float[] {2, 2, -1, -1}, TinyModel.read(out, Q + ".weight"));
        assertTrue(Files.isRegularFile(out.resolve("tokenizer.json")));
    }

    @Test
    void anAdapterForAnotherArchitectureExitsWith2AndLeavesNoOutput() throws Exception {
        Path base = TinyModel.at(dir.resolve("base")).tensor(Q + ".weight", Shape.of(2, 2), 1, 0, 0, 1).write();
        Path adapter = Adapters.at(dir.resolve("adapter"))
                .tensor("base_model.model." + Q + ".lora_A.weight", Shape.of(1, 4096), new float[4096])
                .tensor("base_model.model." + Q + ".lora_B.weight", Shape.of(4096, 1), new float[4096])
                .write();
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("lora", "merge", "--base", base.toString(), "--adapter", adapter.toString(), "-o", out.toString(), "-q");
        assertEquals(2, run.exitCode());
        assertEquals("error: " + adapter + ": the update of '" + Q + "' is [4096, 4096] (rank 1) but " + base + " has '" + Q
                + ".weight' [2, 2]: the adapter is for another architecture", run.err().strip());
        assertFalse(Files.exists(out));
    }

    @Test
    void mergeHasHelpWithAnExample() {
        CliRun run = CliRun.of("lora", "merge", "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Example"), run.out());
    }
}
