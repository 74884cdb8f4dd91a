package dev.skillmerge.eval.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.skillmerge.eval.hook.ExternalHook;
import dev.skillmerge.eval.hook.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutableHookTest {
    /** The example shipped in examples/hooks, run as users run it. */
    static final Path EXAMPLE = Path.of("..", "examples", "hooks", "answer_length.py").toAbsolutePath().normalize();

    @Test
    void theExampleHookMeasuresAnswerLengthsFromAResponsesFile(@TempDir Path dir) throws Exception {
        Path responses = dir.resolve("responses.jsonl");
        Files.writeString(responses, """
                {"id": "1", "response": "a b c"}
                {"id": "2", "response": ""}
                {"id": "3", "response": "one two"}
                """);
        ExecutableHook hook = new ExecutableHook("length", List.of("python3", EXAMPLE.toString()), Duration.ofSeconds(60));
        Metrics m = hook.run(new ExternalHook.Request("length", Map.of("responses", responses.toString()), Map.of("limit", 0), dir));
        assertEquals("mean_words", m.primary());
        assertEquals(Map.of("mean_words", 5.0 / 3, "empty_rate", 1.0 / 3, "answers", 3.0), m.values());
        assertEquals(3, Files.readAllLines(dir.resolve("records.jsonl")).size());
    }

    @Test
    void aNonZeroExitFailsWithItsCode(@TempDir Path dir) {
        ExecutableHook hook = new ExecutableHook("bad", List.of("python3", "-c", "import sys; sys.exit(3)"), Duration.ofSeconds(60));
        IOException e = assertThrows(IOException.class, () -> hook.run(new ExternalHook.Request("bad", Map.of(), Map.of(), dir)));
        assertEquals("bad: exited with code 3", e.getMessage());
    }

    @Test
    void outputThatIsNotMetricsIsRejected(@TempDir Path dir) {
        ExecutableHook hook = new ExecutableHook("chatty", List.of("python3", "-c", "print('all good!')"), Duration.ofSeconds(60));
        IOException e = assertThrows(IOException.class, () -> hook.run(new ExternalHook.Request("chatty", Map.of(), Map.of(), dir)));
        assertEquals("chatty: stdout is not one JSON object: all good!", e.getMessage());
    }

    @Test
    void aHookThatHangsIsKilledAtItsTimeout(@TempDir Path dir) {
        ExecutableHook hook = new ExecutableHook("slow", List.of("python3", "-c", "import time; time.sleep(60)"), Duration.ofSeconds(1));
        IOException e = assertThrows(IOException.class, () -> hook.run(new ExternalHook.Request("slow", Map.of(), Map.of(), dir)));
        assertEquals("slow: timed out after 1 s", e.getMessage());
    }
}
