package dev.skillmerge.eval.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.eval.hook.BenchmarkItem;
import dev.skillmerge.eval.hook.GenerativeHook;
import dev.skillmerge.eval.hook.Generator;
import dev.skillmerge.eval.hook.HookData;
import dev.skillmerge.eval.hook.Metrics;
import dev.skillmerge.eval.hook.Prompt;
import dev.skillmerge.eval.hook.SamplingOptions;
import dev.skillmerge.eval.hook.Score;
import dev.skillmerge.eval.hook.ScoredSample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalRunTest {
    record Question(String id, String answer) implements BenchmarkItem {
    }

    /** A hook with three questions whose right answer is their id spelled backwards. */
    static class ReverseHook implements GenerativeHook<Question> {
        final String name;
        final AtomicInteger scored = new AtomicInteger();

        ReverseHook(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "spell the id backwards";
        }

        @Override
        public List<Question> load(HookData data) {
            return data.apply(List.of(new Question("abc", "cba"), new Question("xy", "yx"), new Question("q", "q")));
        }

        @Override
        public Prompt prompt(Question q) {
            return Prompt.user("Reverse " + q.id(), 8);
        }

        @Override
        public Score score(Question q, String output) {
            scored.incrementAndGet();
            return output.equals(q.answer()) ? Score.pass("right") : Score.fail("expected " + q.answer());
        }

        @Override
        public Metrics aggregate(List<ScoredSample<Question>> samples) {
            return new Metrics("accuracy", Map.of("accuracy", samples.stream().mapToDouble(s -> s.score().value()).average().orElse(0),
                    "samples", (double) samples.size()));
        }
    }

    /** Answers by reversing the prompt's last word; counts the prompts it was asked. */
    static class ReversingGenerator implements Generator {
        final AtomicInteger prompts = new AtomicInteger();

        @Override
        public List<List<String>> complete(List<Prompt> batch, SamplingOptions options) {
            List<List<String>> out = new ArrayList<>();
            for (Prompt p : batch) {
                prompts.incrementAndGet();
                String word = p.render().substring(p.render().lastIndexOf(' ') + 1);
                String answer = new StringBuilder(word).reverse().toString();
                out.add(java.util.Collections.nCopies(options.samples(), answer));
            }
            return out;
        }

        @Override
        public String describe() {
            return "reversing test generator";
        }
    }

    private static EvalRun run(Path dir, OutputSource source) {
        return new EvalRun(new EvalRun.Settings(dir, 2, Map.of(), Map.of(), new PrintStream(new ByteArrayOutputStream())), source);
    }

    private static OutputSource model(Generator g, int samples) {
        return new OutputSource.Model(g, java.util.Optional.empty(), new SamplingOptions(samples, 0, 1, 0), 2);
    }

    private static List<PreparedHook> prepare(GenerativeHook<?>... hooks) throws Exception {
        List<PreparedHook> out = new ArrayList<>();
        for (var h : hooks) {
            out.add(PreparedHook.prepare(h, HookData.bundled()));
        }
        return out;
    }

    @Test
    void generatesScoresAndWritesRecordsAndSummary(@TempDir Path dir) throws Exception {
        ReversingGenerator g = new ReversingGenerator();
        List<HookOutcome> outcomes = run(dir, model(g, 2)).run(prepare(new ReverseHook("rev")));
        assertEquals(1.0, outcomes.getFirst().metrics().orElseThrow().primaryValue());
        assertEquals(6, outcomes.getFirst().scored());
        List<String> lines = Files.readAllLines(dir.resolve("rev.jsonl"));
        assertEquals(6, lines.size());
        JsonNode record = Json.MAPPER.readTree(lines.stream().filter(l -> l.contains("\"id\":\"xy\"")).findFirst().orElseThrow());
        assertEquals("Reverse xy", record.get("prompt").asText());
        assertEquals("yx", record.get("output").asText());
        assertEquals(1.0, record.get("score").asDouble());
        JsonNode summary = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        assertEquals(RunSummary.SCHEMA, summary.get("schema").asText());
        assertEquals("ok", summary.at("/hooks/rev/status").asText());
        assertEquals(6.0, summary.at("/hooks/rev/metrics/samples").asDouble());
    }

    @Test
    void aRerunSkipsFinishedItemsAndATornLastRecordIsRedone(@TempDir Path dir) throws Exception {
        run(dir, model(new ReversingGenerator(), 1)).run(prepare(new ReverseHook("rev")));
        Path records = dir.resolve("rev.jsonl");
        List<String> lines = Files.readAllLines(records);
        // a run killed while writing its last record: keep two records and half of the third
        Files.writeString(records, lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2).substring(0, 10));
        ReversingGenerator again = new ReversingGenerator();
        ReverseHook hook = new ReverseHook("rev");
        List<HookOutcome> outcomes = run(dir, model(again, 1)).run(prepare(hook));
        assertEquals(1, again.prompts.get());
        assertEquals(1, hook.scored.get());
        assertEquals(3, outcomes.getFirst().scored());
        assertEquals(3, Files.readAllLines(records).size());
    }

    @Test
    void aFailingHookIsRecordedAndTheNextHookStillRuns(@TempDir Path dir) throws Exception {
        ReverseHook broken = new ReverseHook("broken") {
            @Override
            public Score score(Question q, String output) {
                throw new IllegalStateException("scorer bug on " + q.id());
            }
        };
        List<HookOutcome> outcomes = run(dir, model(new ReversingGenerator(), 1)).run(prepare(broken, new ReverseHook("rev")));
        assertEquals(HookOutcome.Status.FAILED, outcomes.get(0).status());
        assertTrue(outcomes.get(0).error().orElseThrow().startsWith("IllegalStateException: scorer bug on "), outcomes.get(0).error().orElseThrow());
        assertEquals(HookOutcome.Status.OK, outcomes.get(1).status());
        JsonNode summary = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        assertEquals("failed", summary.at("/hooks/broken/status").asText());
        assertEquals(1.0, summary.at("/hooks/rev/value").asDouble());
    }

    @Test
    void scoreOnlyRunsScoreRecordedResponsesAndRescoreChangedOnes(@TempDir Path dir) throws Exception {
        Path responses = dir.resolve("responses.jsonl");
        Files.writeString(responses, """
                {"id": "abc", "response": "cba"}
                {"id": "xy", "sample": 0, "response": "xy"}
                """);
        Path out = dir.resolve("results");
        ReverseHook hook = new ReverseHook("rev");
        List<HookOutcome> first = run(out, new OutputSource.Recorded(ResponseSet.load(responses, List.of("rev")))).run(prepare(hook));
        assertEquals(0.5, first.getFirst().metrics().orElseThrow().primaryValue());
        assertEquals(1, first.getFirst().missing());
        Files.writeString(responses, """
                {"id": "abc", "response": "cba"}
                {"id": "xy", "sample": 0, "response": "yx"}
                """);
        ReverseHook again = new ReverseHook("rev");
        List<HookOutcome> second = run(out, new OutputSource.Recorded(ResponseSet.load(responses, List.of("rev")))).run(prepare(again));
        assertEquals(1, again.scored.get());
        assertEquals(1.0, second.getFirst().metrics().orElseThrow().primaryValue());
    }

    @Test
    void aMalformedResponsesLineIsRejectedWithFileAndLine(@TempDir Path dir) throws Exception {
        Path responses = dir.resolve("responses.jsonl");
        Files.writeString(responses, "{\"id\": \"abc\", \"response\": \"cba\"}\n{\"id\": \"xy\", \"response\": \n");
        UserInputException e = assertThrows(UserInputException.class, () -> ResponseSet.load(responses, List.of("rev")));
        assertTrue(e.getMessage().startsWith(responses + ":2: not valid JSON"), e.getMessage());
    }

    @Test
    void responsesForSeveralHooksMustNameTheirHook(@TempDir Path dir) throws Exception {
        Path responses = dir.resolve("responses.jsonl");
        Files.writeString(responses, "{\"id\": \"abc\", \"response\": \"cba\"}\n");
        UserInputException e = assertThrows(UserInputException.class, () -> ResponseSet.load(responses, List.of("a", "b")));
        assertEquals(responses + ":1: has no \"hook\" field, which is required when several hooks are scored", e.getMessage());
    }

    @Test
    void exportedPromptsWithResponsesAddedAreAValidResponsesFile(@TempDir Path dir) throws Exception {
        Path prompts = dir.resolve("prompts.jsonl");
        assertEquals(3, PromptExport.write(prompts, prepare(new ReverseHook("rev"))));
        List<String> lines = Files.readAllLines(prompts);
        assertEquals("{\"hook\":\"rev\",\"id\":\"abc\",\"messages\":[{\"role\":\"user\",\"content\":\"Reverse abc\"}],\"stop\":[],\"max_tokens\":8}", lines.getFirst());
        Path responses = dir.resolve("responses.jsonl");
        Files.writeString(responses, String.join("\n", lines.stream().map(l -> l.replace("}],", "}],\"response\":\"cba\",")).toList()));
        List<HookOutcome> outcomes = run(dir.resolve("r"), new OutputSource.Recorded(ResponseSet.load(responses, List.of("rev"))))
                .run(prepare(new ReverseHook("rev")));
        assertEquals(1.0 / 3, outcomes.getFirst().metrics().orElseThrow().primaryValue(), 1e-12);
    }
}
