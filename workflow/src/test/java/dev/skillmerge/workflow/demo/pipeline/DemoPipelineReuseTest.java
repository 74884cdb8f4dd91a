package dev.skillmerge.workflow.demo.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.runtime.llama2c.Llama2cImport;
import dev.skillmerge.workflow.demo.data.DemoData;
import dev.skillmerge.workflow.demo.report.DemoResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's pipeline on stories260K with a handful of examples: what a second run redoes. */
class DemoPipelineReuseTest {
    @TempDir
    Path dir;

    static Path stories260K(Path into) throws Exception {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path shipped = d.resolve("examples/models/stories260K");
            if (Files.isRegularFile(shipped.resolve("stories260K.bin"))) {
                Files.createDirectories(into);
                Llama2cImport.run(shipped.resolve("stories260K.bin"), shipped.resolve("tok512.bin"), into, Progress.silent(0, 0));
                return into;
            }
        }
        throw new IllegalStateException("examples/models/stories260K not found");
    }

    @Test
    void aSecondRunReusesEveryFinishedStepAndGivesTheSameResult() throws Exception {
        Path base = stories260K(dir.resolve("stories260K"));
        TrainRecipe once = new TrainRecipe(1, 1e-3, 16);
        DemoSettings tiny = new DemoSettings(1, new DemoData.Sizes(24, 12, 4, 4), once, once, once, once, 256, List.of(1.0), 0.5, 8, 16, 1);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        DemoResult a = new DemoPipeline(tiny, dir.resolve("work"), new PrintStream(first, true, StandardCharsets.UTF_8)).run(base, false);
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        DemoResult b = new DemoPipeline(tiny, dir.resolve("work"), new PrintStream(second, true, StandardCharsets.UTF_8)).run(base, false);
        String log = second.toString(StandardCharsets.UTF_8);
        assertTrue(first.toString(StandardCharsets.UTF_8).contains("demo: training expert-code"));
        assertFalse(log.contains("demo: training "), log);
        assertTrue(log.contains("reusing data"), log);
        assertEquals(4, log.lines().filter(l -> l.matches("demo: (general|expert-\\w+): reusing .*")).count(), log);
        assertEquals(4, log.lines().filter(l -> l.startsWith("demo: reusing evaluation of ")).count(), log);
        assertFalse(log.contains("demo: evaluated "), log);
        assertEquals(a.sweep(), b.sweep());
        assertEquals(a.chosenWeights(), b.chosenWeights());
        assertEquals(3, a.sweep().size());
    }
}
