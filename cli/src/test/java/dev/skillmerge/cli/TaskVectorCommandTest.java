package dev.skillmerge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.taskvectors.testing.Tensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskVectorCommandTest {
    @TempDir
    Path dir;
    Path pre;
    Path expert;

    private static CliRun ok(String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), run.err());
        return run;
    }

    @BeforeEach
    void models() {
        pre = dir.resolve("pre");
        expert = dir.resolve("expert");
        ok("synth", "-o", pre.toString(), "--layers", "2", "--hidden", "128", "--vocab", "256", "-q");
        ok("synth", "-o", expert.toString(), "--like", pre.toString(), "--seed", "1", "-q");
    }

    @Test
    void extractThenApplyWithWeightOneGivesTheExpertBackByteForByte() throws Exception {
        Path tv = dir.resolve("tv");
        CliRun extract = ok("taskvector", "extract", "--base", pre.toString(), "--tuned", expert.toString(), "-o", tv.toString(), "-q");
        assertEquals(tv.toAbsolutePath().toString(), extract.out().strip());
        Path back = dir.resolve("back");
        CliRun apply = ok("taskvector", "apply", "--onto", pre.toString(), tv + ":1", "-o", back.toString(), "--strict", "-q");
        assertEquals(back.toAbsolutePath().toString(), apply.out().strip());
        Map<String, byte[]> want = Tensors.bytes(expert);
        Map<String, byte[]> got = Tensors.bytes(back);
        want.forEach((name, bytes) -> assertArrayEquals(bytes, got.get(name), name));
        assertTrue(Files.isRegularFile(back.resolve("config.json")));
        assertTrue(Files.isRegularFile(back.resolve("taskvectors_applied.json")));
    }

    @Test
    void applyWithAutoWeightsUsesTheRecordedDatasetSizes() throws Exception {
        Files.writeString(expert.resolve("training.json"), "{\"dataset\": {\"examples\": 61000}, \"steps\": 479}");
        Path tv = dir.resolve("tv");
        ok("taskvector", "extract", "--base", pre.toString(), "--tuned", expert.toString(), "-o", tv.toString(), "-q");
        CliRun missing = CliRun.of("taskvector", "apply", "--onto", pre.toString(), tv.toString(), "--weights", "auto", "-o", dir.resolve("x").toString(), "-q");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().startsWith("error: " + pre + ": --weights auto needs the general model's dataset size"), missing.err());

        Files.writeString(pre.resolve("training.json"), "{\"dataset\": {\"examples\": 275000}}");
        CliRun auto = ok("taskvector", "apply", "--onto", pre.toString(), tv.toString(), "--weights", "auto", "-o", dir.resolve("auto").toString(), "-q");
        assertTrue(auto.err().contains("weight 0.221818 for " + tv + " (|D| / |G|)"), auto.err());
    }

    @Test
    void statsPrintsATableJsonOrCsvAndDrawsTheHeatmap() throws Exception {
        ok("synth", "-o", dir.resolve("expert2").toString(), "--like", pre.toString(), "--seed", "2", "-q");
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        ok("taskvector", "extract", "--base", pre.toString(), "--tuned", expert.toString(), "-o", a.toString(), "-q");
        ok("taskvector", "extract", "--base", pre.toString(), "--tuned", dir.resolve("expert2").toString(), "-o", b.toString(), "--dtype", "bf16", "-q");
        Path svg = dir.resolve("cosine.svg");
        CliRun table = ok("taskvector", "stats", a.toString(), b.toString(), "--heatmap", svg.toString(), "-q");
        assertTrue(table.out().startsWith("task vectors\n"), table.out());
        assertTrue(table.out().contains("\npairs\n"), table.out());
        assertTrue(Files.readString(svg).startsWith("<svg "));
        assertTrue(ok("taskvector", "stats", a.toString(), b.toString(), "--json", "-q").out().contains("\"sign_conflict\""));
        List<String> csv = ok("taskvector", "stats", a.toString(), b.toString(), "--csv", "-q").out().lines().toList();
        assertEquals("layer,norm_0,norm_1,cosine_0_1,sign_conflict_0_1", csv.getFirst());
        assertEquals(List.of("all", "0", "1", "other"), csv.subList(1, csv.size()).stream().map(l -> l.substring(0, l.indexOf(','))).toList());
    }

    @Test
    void arithmeticHelpersWriteTaskVectors() throws Exception {
        Path tv = dir.resolve("tv");
        ok("taskvector", "extract", "--base", pre.toString(), "--tuned", expert.toString(), "-o", tv.toString(), "-q");
        ok("taskvector", "negate", tv.toString(), "-o", dir.resolve("neg").toString(), "-q");
        ok("taskvector", "scale", tv.toString(), "--factor", "0.5", "-o", dir.resolve("half").toString(), "-q");
        ok("taskvector", "add", dir.resolve("half").toString(), dir.resolve("half").toString(), "-o", dir.resolve("sum").toString(), "-q");
        ok("taskvector", "sub", tv.toString(), dir.resolve("sum").toString(), "-o", dir.resolve("zero").toString(), "-q");
        ok("taskvector", "sparsify", tv.toString(), "--density", "0.25", "--method", "magnitude", "-o", dir.resolve("top").toString(), "-q");
        Map<String, float[]> original = Tensors.values(tv);
        Map<String, float[]> negated = Tensors.values(dir.resolve("neg"));
        Map<String, float[]> zero = Tensors.values(dir.resolve("zero"));
        Map<String, float[]> top = Tensors.values(dir.resolve("top"));
        for (String name : original.keySet()) {
            for (int i = 0; i < original.get(name).length; i++) {
                assertEquals(-original.get(name)[i], negated.get(name)[i], 0f);   // 0 + (-1) * 0 is +0: zeros compare equal
                assertEquals(0, zero.get(name)[i], 0f);   // tau - (tau/2 + tau/2), halving and doubling exactly
            }
            long kept = top.get(name).length - zeros(top.get(name));
            long nonzero = original.get(name).length - zeros(original.get(name));
            // exactly int(n / 4) largest |tau| are kept; bf16 norms near 1 can have fewer nonzero deltas than that
            assertEquals(Math.min((long) (0.25 * original.get(name).length), nonzero), kept, name);
        }
    }

    private static long zeros(float[] values) {
        long n = 0;
        for (float v : values) {
            n += v == 0 ? 1 : 0;
        }
        return n;
    }

    @Test
    void compressThenLoraMergeApproximatesTheExpertAndReportsRetainedEnergy() throws Exception {
        Path tv = dir.resolve("tv");
        ok("taskvector", "extract", "--base", pre.toString(), "--tuned", expert.toString(), "-o", tv.toString(), "-q");
        Path adapter = dir.resolve("adapter");
        CliRun compress = ok("taskvector", "compress", tv.toString(), "--rank", "8", "-o", adapter.toString(), "-q");
        assertTrue(compress.out().contains("rank 8 over "), compress.out());
        assertTrue(compress.out().contains("left out (no LoRA form): 5 tensors"), compress.out());
        assertTrue(Files.isRegularFile(adapter.resolve("adapter_config.json")));
        CliRun merge = ok("lora", "merge", "--base", pre.toString(), "--adapter", adapter.toString(), "-o", dir.resolve("merged").toString(), "-q");
        assertEquals(dir.resolve("merged").toAbsolutePath().toString(), merge.out().strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"extract", "apply", "stats", "negate", "scale", "add", "sub", "sparsify", "compress"})
    void everySubcommandHasHelpWithAnExample(String command) {
        CliRun run = ok("taskvector", command, "--help");
        assertTrue(run.out().contains("Usage: skillmerge taskvector " + command), run.out());
        assertTrue(run.out().contains("Example"), run.out());
    }

    @Test
    void badInputsExitWith2AOneLineErrorAndNoOutput() throws Exception {
        Path tv = dir.resolve("tv");
        ok("taskvector", "extract", "--base", pre.toString(), "--tuned", expert.toString(), "-o", tv.toString(), "-q");
        Path other = dir.resolve("other");
        ok("synth", "-o", other.toString(), "--layers", "2", "--hidden", "256", "--vocab", "256", "-q");
        Path outputs = dir.resolve("outputs");
        Files.createDirectory(outputs);
        List<List<String>> cases = List.of(
                List.of("taskvector", "extract", "--base", pre.toString(), "--tuned", other.toString()),
                List.of("taskvector", "apply", "--onto", other.toString(), tv.toString()),
                List.of("taskvector", "compress", tv.toString(), "--rank", "129"),
                List.of("taskvector", "stats", tv.toString(), other.toString()),
                List.of("taskvector", "add", tv.toString(), pre.toString()));
        for (List<String> c : cases) {
            String[] args = Stream.concat(c.stream(), Stream.of("-o", outputs.resolve("out").toString(), "-q")).toArray(String[]::new);
            if (c.get(1).equals("stats")) {
                args = Stream.concat(c.stream(), Stream.of("-q")).toArray(String[]::new);
            }
            CliRun run = CliRun.of(args);
            assertEquals(2, run.exitCode(), String.join(" ", c) + ": " + run.err());
            assertTrue(run.err().startsWith("error: "), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            try (Stream<Path> s = Files.list(outputs)) {
                assertEquals(List.of(), s.toList(), "no output, not even a temporary folder");
            }
        }
    }
}
