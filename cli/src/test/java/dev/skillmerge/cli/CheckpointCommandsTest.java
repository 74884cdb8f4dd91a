package dev.skillmerge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.checkpoint.testing.MalformedCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CheckpointCommandsTest {
    @TempDir
    Path dir;

    static List<MalformedCorpus.Case> corpus() {
        return MalformedCorpus.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void convertRejectsEachMalformedInputWithExitCode2AndLeavesNoOutput(MalformedCorpus.Case c) throws Exception {
        Path inputDir = dir.resolve("in");
        Files.createDirectory(inputDir);
        Path input = c.builder().build(inputDir);
        Path outParent = dir.resolve("outputs");
        Files.createDirectory(outParent);
        List<String> before = listing(inputDir);
        CliRun run = CliRun.of("convert", input.toString(), "-o", outParent.resolve("out").toString(), "-q");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("error: " + run.err().strip().substring("error: ".length()), run.err().strip());
        assertTrue(run.err().contains(c.expectedMessage()), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertEquals(List.of(), listing(outParent), "no output, not even a temporary folder");
        assertEquals(before, listing(inputDir), "inputs untouched");
    }

    @Test
    void synthInspectConvertAndDiffWorkEndToEnd() throws Exception {
        Path base = dir.resolve("base");
        CliRun synth = CliRun.of("synth", "-o", base.toString(), "--layers", "2", "--hidden", "128", "--vocab", "512", "-q");
        assertEquals(0, synth.exitCode(), synth.err());
        assertEquals(base.toAbsolutePath().normalize().toString(), synth.out().strip());

        CliRun inspect = CliRun.of("inspect", base.toString(), "--json");
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().contains("\"model_type\" : \"llama\""), inspect.out());
        assertTrue(inspect.out().contains("\"BF16\" : "), inspect.out());

        Path f16 = dir.resolve("f16");
        assertEquals(0, CliRun.of("convert", base.toString(), "-o", f16.toString(), "--dtype", "f16", "--shard-size", "200kB", "-q").exitCode());
        CliRun inspectF16 = CliRun.of("inspect", f16.toString());
        assertTrue(inspectF16.out().contains("F16 100.0%"), inspectF16.out());
        assertTrue(Files.exists(f16.resolve("model.safetensors.index.json")));

        Path back = dir.resolve("back");
        assertEquals(0, CliRun.of("convert", f16.toString(), "-o", back.toString(), "--dtype", "bf16", "-q").exitCode());
        CliRun diff = CliRun.of("diff", base.toString(), back.toString(), "--max-abs-diff", "1e-6", "-q");
        assertEquals(0, diff.exitCode(), diff.out());
        assertTrue(diff.out().contains("0 only in A, 0 only in B, 0 shape and 0 dtype mismatches"), diff.out());

        Path expert = dir.resolve("expert");
        assertEquals(0, CliRun.of("synth", "-o", expert.toString(), "--like", base.toString(), "--noise", "0.01", "-q").exitCode());
        assertEquals(1, CliRun.of("diff", base.toString(), expert.toString(), "--max-abs-diff", "1e-6", "-q").exitCode());
    }

    @Test
    void anExistingOutputIsRefusedWithoutForce() throws Exception {
        Path base = dir.resolve("base");
        assertEquals(0, CliRun.of("synth", "-o", base.toString(), "--layers", "1", "--hidden", "128", "--vocab", "64", "-q").exitCode());
        Path out = dir.resolve("out");
        Files.createDirectory(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        CliRun run = CliRun.of("convert", base.toString(), "-o", out.toString(), "-q");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("exists and is not empty; pass --force to replace it"), run.err());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
        assertEquals(0, CliRun.of("convert", base.toString(), "-o", out.toString(), "--force", "-q").exitCode());
        assertFalse(Files.exists(out.resolve("keep.txt")));
    }

    private static List<String> listing(Path d) throws Exception {
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(p -> !p.equals(d)).map(p -> d.relativize(p).toString()).sorted().toList();
        }
    }
}
