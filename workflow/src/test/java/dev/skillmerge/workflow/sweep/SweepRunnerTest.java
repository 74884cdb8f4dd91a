package dev.skillmerge.workflow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.merge.testing.TinyModel;
import dev.skillmerge.workflow.report.EvalSummary;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepRunnerTest {
    @TempDir
    Path dir;
    Path sweepFile;
    List<Path> evaluated = new ArrayList<>();

    /** base 0, general +1, science expert +10, code expert +100 on one tensor: the merged value encodes the point. */
    @BeforeEach
    void models() throws Exception {
        TinyModel.at(dir.resolve("base")).tensor("w", 0).write();
        TinyModel.at(dir.resolve("general")).tensor("w", 1).write();
        TinyModel.at(dir.resolve("science")).tensor("w", 10).write();
        TinyModel.at(dir.resolve("code")).tensor("w", 100).write();
        sweepFile = dir.resolve("sweep.yml");
        Files.writeString(sweepFile, """
                base_model: %s
                general: %s
                experts: {science: %s, code: %s}
                methods: [task_arithmetic]
                weights: [0.5, 1.0]
                subsets: [[science], [code], all]
                eval: {hooks: fake}
                output: %s
                """.formatted(dir.resolve("base"), dir.resolve("general"), dir.resolve("science"), dir.resolve("code"), dir.resolve("out")));
    }

    /** A stand-in evaluator: its "value" metric is the merged tensor's value. */
    private EvalSummary evaluate(Path model, Path results) throws java.io.IOException, UserInputException {
        evaluated.add(model);
        Files.createDirectories(results);
        float v;
        try {
            v = TinyModel.read(model, "w")[0];
        } catch (java.io.IOException | UserInputException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Files.writeString(results.resolve("summary.json"), String.format(Locale.ROOT, """
                {"schema": "skillmerge.eval.summary/1", "hooks": {"fake": {"status": "ok", "primary": "value", "metrics": {"value": %s}},
                 "other": {"status": "ok", "primary": "half", "metrics": {"half": %s}}}}""", v, v / 2));
        return EvalSummary.read(results);
    }

    private int run(SweepGrid.Shard shard, PointEvaluator evaluator) throws Exception {
        return SweepRunner.run(SweepSpec.read(sweepFile), evaluator, "fake", new SweepRunner.Options(false, shard, 1,
                new PrintStream(java.io.OutputStream.nullOutputStream())));
    }

    @Test
    void everyPointIsMergedEvaluatedAndRecordedAsARow() throws Exception {
        assertEquals(6, run(null, this::evaluate));
        List<JsonNode> rows = SweepRows.readAll(dir.resolve("out"));
        // theta = general + w * (expert - base): 1 + 0.5*10, 1 + 10, 1 + 50, 1 + 100, 1 + 0.5*110, 1 + 110
        assertEquals(List.of(6.0, 11.0, 51.0, 101.0, 56.0, 111.0), rows.stream().map(r -> r.path("metrics").path("fake/value").asDouble()).toList());
        assertEquals("task_arithmetic w=0.5 science+code", rows.get(4).path("label").asText());
        String csv = Files.readString(dir.resolve("out/rows.csv"));
        assertTrue(csv.startsWith("index,key,method,weight,density,subset,seconds,fake/value,other/half\n"), csv);
        assertTrue(Files.exists(dir.resolve("out/pareto.svg")));
        assertTrue(Files.exists(dir.resolve("out/weights.svg")));
        for (Path m : evaluated) {
            assertFalse(Files.exists(m), "merged models are deleted after evaluation");
        }
    }

    @Test
    void aRerunSkipsFinishedPointsAndAKilledSweepLosesOnlyThePointInFlight() throws Exception {
        int[] calls = {0};
        PointEvaluator dying = (model, results) -> {
            if (++calls[0] == 3) {
                throw new java.io.IOException("killed");
            }
            return evaluate(model, results);
        };
        assertThrows(java.io.IOException.class, () -> run(null, dying));
        assertEquals(2, SweepRows.readAll(dir.resolve("out")).size());
        assertEquals(4, run(null, this::evaluate));
        assertEquals(0, run(null, this::evaluate));
        assertEquals(6, SweepRows.readAll(dir.resolve("out")).size());
    }

    @Test
    void shardsSplitTheGridWithoutOverlap() throws Exception {
        assertEquals(3, run(SweepGrid.Shard.parse("1/2"), this::evaluate));
        assertEquals(3, run(SweepGrid.Shard.parse("2/2"), this::evaluate));
        assertTrue(Files.exists(dir.resolve("out/rows.shard-1-of-2.jsonl")));
        List<JsonNode> rows = SweepRows.readAll(dir.resolve("out"));
        assertEquals(List.of(0, 1, 2, 3, 4, 5), rows.stream().map(r -> r.path("index").asInt()).toList());
        assertEquals(0, run(null, this::evaluate), "the unsharded rerun finds every point done");
    }

    @Test
    void badShardsAndGridsAreInputErrors() throws Exception {
        assertThrows(UserInputException.class, () -> SweepGrid.Shard.parse("3/2"));
        assertThrows(UserInputException.class, () -> SweepGrid.Shard.parse("x"));
        Files.writeString(sweepFile, Files.readString(sweepFile).replace("task_arithmetic", "tie"));
        UserInputException e = assertThrows(UserInputException.class, () -> SweepSpec.read(sweepFile));
        assertTrue(e.getMessage().contains("unknown method 'tie'; did you mean 'ties'?"), e.getMessage());
    }

    @Test
    void theSlurmScriptIsAJobArrayOverShards() {
        String script = SlurmScript.render(Path.of("/s/sweep.yml"), Path.of("/s/out"), Path.of("/repo"), 8, 4);
        assertTrue(script.contains("#SBATCH --array=1-8\n"), script);
        assertTrue(script.contains("/repo/skillmerge sweep /s/sweep.yml --shard \"${SLURM_ARRAY_TASK_ID}/8\" --threads 4"), script);
    }
}
