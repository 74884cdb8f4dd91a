package dev.skillmerge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.hf.Json;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import llama2c, generate (single and JSONL batch) and chat on the real stories260K model. */
class GenerateCommandTest {
    private static final String GREEDY_256 = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park."
            + " One day, she saw a big, red ball. She wanted to play with it, but it was too high.\nLily's mom said, \"Lily, let's go to the"
            + " park.\" Lily was sad and didn't know what to do. She said, \"I want to play with your ball, but I can't find it.\"\nLily was"
            + " sad and didn't know what to do. She said, \"I'm sorry, Lily. I didn't know what to do.\"\nLily didn't want to help her mom, so"
            + " she said, \"I'm sorry, mom. I didn't know what to do.\" Her mom said, \"Don't worry, Lily. We can help you.";

    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void importStories() {
        model = dir.resolve("stories260K");
        CliRun run = CliRun.of("-q", "import", "llama2c", assets().resolve("stories260K.bin").toString(), "--tokenizer",
                assets().resolve("tok512.bin").toString(), "-o", model.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(model.toAbsolutePath().normalize() + "\n", run.out());
    }

    /** The stories260K copy shipped with the repository (examples/models/stories260K). */
    static Path assets() {
        Path shipped = Path.of("..", "examples", "models", "stories260K");
        if (!Files.isRegularFile(shipped.resolve("stories260K.bin"))) {
            throw new IllegalStateException(shipped.toAbsolutePath() + " not found");
        }
        return shipped;
    }

    @Test
    void greedyGenerationPrintsLlama2cRunsText() {
        CliRun run = CliRun.of("-q", "generate", model.toString(), "--prompt", "", "--max-tokens", "256", "--device", "cpu");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(GREEDY_256 + "\n", run.out());
    }

    @Test
    void seededLlama2cSamplingPrintsLlama2cRunsText() {
        CliRun run = CliRun.of("-q", "generate", model.toString(), "--prompt", "", "--max-tokens", "40", "--temperature", "1",
                "--top-p", "0.9", "--seed", "133742", "--sampler", "llama2c");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("Once upon a time, there was a little boy named Timmy. Timmy loved"),
                run.out());
    }

    @Test
    void batchGenerationWritesOneCompletionPerLineInOrder() throws Exception {
        Path prompts = dir.resolve("prompts.jsonl");
        Files.writeString(prompts, "{\"id\": 1, \"prompt\": \"\", \"max_tokens\": 15}\n\n{\"id\": 2, \"prompt\": \"Once upon a time\","
                + " \"max_tokens\": 40, \"stop\": \".\"}\n");
        Path out = dir.resolve("out.jsonl");
        CliRun run = CliRun.of("-q", "generate", model.toString(), "--prompts", prompts.toString(), "-o", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(2, lines.size());
        JsonNode first = Json.MAPPER.readTree(lines.get(0));
        assertEquals(1, first.get("id").asInt());
        assertEquals("Once upon a time, there was a little girl named Lily.", first.get("completion").asText());
        assertEquals("length", first.get("finish_reason").asText());
        assertEquals(15, first.get("completion_tokens").asInt());
        JsonNode second = Json.MAPPER.readTree(lines.get(1));
        assertEquals(", there was a little girl named Lily", second.get("completion").asText());
        assertEquals("stop", second.get("finish_reason").asText());
    }

    @Test
    void aBadJsonlLineIsAOneLineErrorNamingTheLine() throws Exception {
        Path prompts = dir.resolve("bad.jsonl");
        Files.writeString(prompts, "{\"prompt\": \"ok\"}\n{\"text\": \"no prompt field\"}\n");
        CliRun run = CliRun.of("-q", "generate", model.toString(), "--prompts", prompts.toString(), "-o", dir.resolve("x.jsonl").toString());
        assertEquals(2, run.exitCode());
        assertEquals("error: " + prompts + ":2: needs a string \"prompt\" or a non-empty \"messages\" list\n", run.err());
        assertTrue(Files.notExists(dir.resolve("x.jsonl")));
    }

    @Test
    void promptsWithoutAnOutputFileIsInvalidInput() throws Exception {
        CliRun run = CliRun.of("-q", "generate", model.toString(), "--prompts", "p.jsonl");
        assertEquals(2, run.exitCode());
        assertEquals("error: --prompts needs -o OUT.jsonl for the completions\n", run.err());
    }

    @Test
    void aFolderWithoutConfigIsInvalidInput() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun run = CliRun.of("-q", "generate", empty.toString(), "--prompt", "x");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("error: " + empty + ": "), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void anUnreachableEndpointIsAOneLineError() {
        CliRun run = CliRun.of("-q", "generate", "m", "--endpoint", "http://127.0.0.1:9/v1", "--prompt", "x");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("error: http://127.0.0.1:9/v1: cannot connect ("), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void chatAnswersEachLineThroughTheTemplateAsGenerateDoes() {
        CliRun generated = CliRun.of("-q", "generate", model.toString(), "--chat", "--prompt", "Hi", "--max-tokens", "12");
        assertEquals(0, generated.exitCode(), generated.err());
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("Hi\n/exit\n".getBytes(StandardCharsets.UTF_8)));
            CliRun chat = CliRun.of("-q", "chat", model.toString(), "--max-tokens", "12");
            assertEquals(0, chat.exitCode(), chat.err());
            assertEquals(generated.out(), chat.out());
        } finally {
            System.setIn(stdin);
        }
    }
}
