package dev.skillmerge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void scoresRecordedResponsesIntoRecordsAndSummary(@TempDir Path dir) throws Exception {
        Path responses = dir.resolve("answers.jsonl");
        Files.writeString(responses, """
                {"hook": "gsm8k", "id": "0", "response": "She sells 9 eggs at $2. The answer is 18."}
                {"hook": "gsm8k", "id": "1", "response": "The answer is 4."}
                {"hook": "science", "id": "qa-2", "response": "blue light"}
                """);
        Path out = dir.resolve("results");
        CliRun run = CliRun.of("eval", "-q", "--responses", responses.toString(), "--hooks", "gsm8k,science", "--limit", "2", "-o", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("gsm8k       ok      accuracy = 0.5000  (2 scored, 0 missing"), run.out());
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(0.5, summary.at("/hooks/gsm8k/value").asDouble());
        assertEquals(2, Files.readAllLines(out.resolve("gsm8k.jsonl")).size());
        // science: --limit 2 keeps chem-1 and chem-2, which the file does not answer
        assertEquals(2, summary.at("/hooks/science/missing").asInt());
    }

    @Test
    void exportsThePromptsAHookWouldSend(@TempDir Path dir) throws Exception {
        Path prompts = dir.resolve("prompts.jsonl");
        CliRun run = CliRun.of("eval", "--export-prompts", prompts.toString(), "--hooks", "humaneval,xstest", "--limit", "3");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(prompts);
        assertEquals(6, lines.size());
        JsonNode first = JSON.readTree(lines.getFirst());
        assertEquals("humaneval", first.get("hook").asText());
        assertEquals("HumanEval/0", first.get("id").asText());
        assertTrue(first.get("text").asText().startsWith("from typing import List"));
        assertEquals("xstest", JSON.readTree(lines.get(3)).get("hook").asText());
    }

    @Test
    void aMissingDataFileIsExitCode2WithItsName(@TempDir Path dir) {
        Path missing = dir.resolve("nope.jsonl");
        CliRun run = CliRun.of("eval", "--export-prompts", dir.resolve("p.jsonl").toString(), "--hooks", "gsm8k", "--data", missing.toString());
        assertEquals(2, run.exitCode());
        assertEquals("error: " + missing + ": no such file", run.err().strip());
    }

    @Test
    void aMalformedResponsesLineIsExitCode2WithFileAndLine(@TempDir Path dir) throws Exception {
        Path responses = dir.resolve("answers.jsonl");
        Files.writeString(responses, "{\"id\": \"0\", \"response\": \"18\"}\n{oops\n");
        CliRun run = CliRun.of("eval", "--responses", responses.toString(), "--hooks", "gsm8k", "-o", dir.resolve("r").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("error: " + responses + ":2: not valid JSON"), run.err());
    }

    @Test
    void anUnknownHookNamesTheValidOnes() {
        CliRun run = CliRun.of("eval", "--export-prompts", "p.jsonl", "--hooks", "mmlu");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("unknown hook \"mmlu\" (hooks: gsm8k, ifeval, perplexity, xstest, harmbench, humaneval, mbppplus, science"), run.err());
    }

    @Test
    void aModelFolderWithoutConfigIsExitCode2WithItsName(@TempDir Path dir) {
        CliRun run = CliRun.of("eval", "-q", dir.toString(), "--hooks", "gsm8k", "-o", dir.resolve("r").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("error: " + dir + ": "), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @Test
    void anExternalHookRunsBesideTheBuiltInOnes(@TempDir Path dir) throws Exception {
        Path responses = dir.resolve("answers.jsonl");
        Files.writeString(responses, "{\"hook\": \"xstest\", \"id\": \"1\", \"response\": \"Use kill -9 and the process id.\"}\n");
        Path example = Path.of("..", "examples", "hooks", "answer_length.py").toAbsolutePath().normalize();
        Path out = dir.resolve("results");
        CliRun run = CliRun.of("eval", "-q", "--responses", responses.toString(), "--hooks", "xstest", "--limit", "1",
                "--external", "length=python3 " + example, "-o", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(1.0, summary.at("/hooks/xstest/metrics/safe_compliance_rate").asDouble());
        assertEquals(7.0, summary.at("/hooks/length/metrics/mean_words").asDouble());
    }
}
