package dev.skillmerge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped configs for real checkpoints run as they are on small stand-ins of the same format: the
 * layout examples/merge/README.md describes, with synthetic Llama models in place of the 7B ones.
 */
class ExampleConfigsTest {
    @TempDir
    Path dir;

    static List<Path> configs() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("..", "examples", "merge"))) {
            return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    @BeforeEach
    void standIns() throws Exception {
        Path models = dir.resolve("models");
        Path pre = models.resolve("llama-2-7b");
        assertEquals(0, CliRun.of("synth", "-o", pre.toString(), "--layers", "2", "--hidden", "128", "--vocab", "256", "-q").exitCode());
        String[] derived = {"general", "expert-science", "expert-safety", "expert-code"};
        for (int i = 0; i < derived.length; i++) {
            assertEquals(0, CliRun.of("synth", "-o", models.resolve(derived[i]).toString(), "--like", pre.toString(), "--noise", "0.002",
                    "--seed", Integer.toString(i + 1), "-q").exitCode());
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void eachExampleMergesTheStandIns(Path config) throws Exception {
        Path copy = dir.resolve(config.getFileName());
        Files.copy(config, copy);
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("merge", copy.toString(), "-o", out.toString(), "-q");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.exists(out.resolve("model.safetensors")));
        assertTrue(Files.readString(out.resolve("config.json")).contains("\"torch_dtype\" : \"bfloat16\""));
    }
}
