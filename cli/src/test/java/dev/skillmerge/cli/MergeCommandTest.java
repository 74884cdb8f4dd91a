package dev.skillmerge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeCommandTest {
    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void models() throws Exception {
        assertEquals(0, CliRun.of("synth", "-o", dir.resolve("base").toString(), "--layers", "2", "--hidden", "128", "--vocab", "256", "-q").exitCode());
        assertEquals(0, CliRun.of("synth", "-o", dir.resolve("e1").toString(), "--like", dir.resolve("base").toString(), "--seed", "1", "-q").exitCode());
        assertEquals(0, CliRun.of("synth", "-o", dir.resolve("e2").toString(), "--like", dir.resolve("base").toString(), "--seed", "2", "-q").exitCode());
        config = dir.resolve("ties.yml");
        Files.writeString(config, """
                merge_method: ties
                base_model: %s
                parameters: {density: 0.5}
                models:
                  - {model: %s, parameters: {weight: 0.5}}
                  - {model: %s, parameters: {weight: 0.5}}
                """.formatted(dir.resolve("base"), dir.resolve("e1"), dir.resolve("e2")));
    }

    @Test
    void mergeWritesACompleteModelFolder() throws Exception {
        Path out = dir.resolve("merged");
        CliRun run = CliRun.of("merge", config.toString(), "-o", out.toString(), "--threads", "2", "-q");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(out.toAbsolutePath().toString(), run.out().strip());
        for (String f : new String[] {"model.safetensors", "config.json", "README.md", "skillmerge_config.yml", "generation_config.json"}) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        CliRun diff = CliRun.of("diff", dir.resolve("base").toString(), out.toString(), "-q");
        assertTrue(diff.out().contains("0 only in A, 0 only in B, 0 shape and 0 dtype mismatches"), diff.out());
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() throws Exception {
        CliRun run = CliRun.of("merge", config.toString(), "--dry-run");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("merge_method  ties"), run.out());
        assertTrue(run.out().contains("model.layers.*.mlp.down_proj.weight"), run.out());
        assertTrue(run.out().contains("x2    ties of 2 + base -> BF16"), run.out());
        assertTrue(run.out().contains("memory        ~"), run.out());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(4, s.count());
        }
    }

    @Test
    void aBadConfigExitsWith2AndLeavesNoOutput() throws Exception {
        Files.writeString(config, Files.readString(config).replace("ties", "tie"));
        Path out = dir.resolve("merged");
        CliRun run = CliRun.of("merge", config.toString(), "-o", out.toString(), "-q");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("error: " + config + ": unknown merge_method 'tie'; did you mean 'ties'?"), run.err());
        assertFalse(Files.exists(out));
    }
}
