package dev.skillmerge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skillmerge.runtime.chat.ChatMessage;
import dev.skillmerge.runtime.chat.ChatTokens;
import dev.skillmerge.runtime.engine.DeviceChoice;
import dev.skillmerge.runtime.generate.EmbeddedGenerator;
import dev.skillmerge.runtime.serve.OpenAiServer;
import dev.skillmerge.runtime.tokenizer.TextTokenizer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * skillmerge eval with a model: the real stories260K run in process (embedded backend) and behind the
 * OpenAI-compatible server that {@code skillmerge serve} runs (openai backend, a free loopback port). With
 * greedy decoding both must give the same outputs and so the same scores.
 */
class EvalBackendsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STORY = "Once upon a time, there was a little girl named Lily. She loved to play outside.";
    private static final List<ChatMessage> CHAT = List.of(ChatMessage.user("Tell me a story."),
            ChatMessage.assistant("Once upon a time, there was a big dog."));

    @TempDir
    static Path dir;
    static Path model;
    static Path documents;
    static EmbeddedGenerator served;
    static OpenAiServer server;

    @BeforeAll
    static void importAndServe() throws Exception {
        model = dir.resolve("stories260K");
        Path assets = GenerateCommandTest.assets();
        CliRun imported = CliRun.of("-q", "import", "llama2c", assets.resolve("stories260K.bin").toString(), "--tokenizer",
                assets.resolve("tok512.bin").toString(), "-o", model.toString());
        assertEquals(0, imported.exitCode(), imported.err());
        documents = dir.resolve("held-out.jsonl");
        Files.writeString(documents, "{\"text\": \"" + STORY + "\"}\n{\"messages\": [{\"role\": \"user\", \"content\": \"Tell me a story.\"},"
                + " {\"role\": \"assistant\", \"content\": \"Once upon a time, there was a big dog.\"}]}\n", StandardCharsets.UTF_8);
        // what `skillmerge serve MODEL --port 0` runs
        served = EmbeddedGenerator.open(model, DeviceChoice.CPU, 1);
        server = OpenAiServer.start(served, "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
        served.close();
    }

    private static CliRun eval(Path out, String... backend) {
        List<String> args = new java.util.ArrayList<>(List.of("-q", "eval"));
        args.addAll(List.of(backend));
        args.addAll(List.of("--hooks", "gsm8k,ifeval,xstest,perplexity", "--data", "perplexity=" + documents, "--limit", "2",
                "--threads", "1", "-o", out.toString()));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void embeddedAndServedBackendsGiveTheSameOutputsAndScores() throws Exception {
        Path embedded = dir.resolve("embedded");
        Path remote = dir.resolve("served");
        CliRun local = eval(embedded, model.toString(), "--device", "cpu", "--model-threads", "1", "--batch-size", "4");
        assertEquals(0, local.exitCode(), local.err());
        // the server gives no log-probabilities: perplexity fails there, in one line, and the other hooks' results stay
        CliRun served = eval(remote, "--endpoint", server.baseUrl());
        assertEquals(1, served.exitCode(), served.err() + served.out());
        JsonNode summary = JSON.readTree(remote.resolve("summary.json").toFile());
        assertEquals("failed", summary.at("/hooks/perplexity/status").asText());
        assertEquals("the openai:" + server.baseUrl() + " (model stories260K) backend gives no log-probabilities, which perplexity needs",
                summary.at("/hooks/perplexity/error").asText());
        JsonNode local_ = JSON.readTree(embedded.resolve("summary.json").toFile());
        for (String hook : List.of("gsm8k", "ifeval", "xstest")) {
            assertEquals("ok", summary.at("/hooks/" + hook + "/status").asText(), hook);
            assertEquals(2, summary.at("/hooks/" + hook + "/scored").asInt(), hook);
            assertEquals(records(embedded.resolve(hook + ".jsonl")), records(remote.resolve(hook + ".jsonl")), hook);
            assertEquals(local_.at("/hooks/" + hook + "/metrics"), summary.at("/hooks/" + hook + "/metrics"), hook);
        }
        assertEquals("model: embedded:stories260K", local_.path("source").asText());
    }

    @Test
    void heldOutLossCountsEveryTokenOfATextButTheFirstAndOnlyTheAssistantsTokensOfAChat() throws Exception {
        Path out = dir.resolve("perplexity");
        CliRun run = CliRun.of("-q", "eval", model.toString(), "--hooks", "perplexity", "--data", documents.toString(), "--device", "cpu",
                "--model-threads", "1", "-o", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        Map<String, JsonNode> records = records(out.resolve("perplexity.jsonl"));
        int textTokens;
        int chatTokens;
        try (TextTokenizer tokenizer = TextTokenizer.open(model)) {
            textTokens = tokenizer.encode(STORY, true).length - 1;
            chatTokens = ChatTokens.of(served.chatTemplate(), tokenizer, CHAT).assistantCount();
        }
        assertEquals(textTokens, records.get("0").at("/details/tokens").asInt());
        assertEquals(chatTokens, records.get("1").at("/details/tokens").asInt());
        // " Once upon a time, there was a big dog." and the end-of-turn </s>: 1 piece per word or mark, at most
        assertTrue(chatTokens >= 10 && chatTokens <= 20, "assistant tokens: " + chatTokens);
        double sum = records.get("0").at("/details/logprob_sum").asDouble() + records.get("1").at("/details/logprob_sum").asDouble();
        JsonNode metrics = JSON.readTree(out.resolve("summary.json").toFile()).at("/hooks/perplexity/metrics");
        assertEquals(textTokens + chatTokens, metrics.path("tokens").asInt());
        assertEquals(-sum / (textTokens + chatTokens), metrics.path("loss").asDouble(), 1e-12);
        // the model was trained on such stories: its opening costs it far less than a uniform guess over 512 tokens (ln 512 = 6.2)
        assertTrue(records.get("0").path("score").asDouble() < 2.0, records.get("0").toString());
    }

    @Test
    void anUnreachableEndpointIsExitCode2WithOneLine() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + freePort + "/v1";
        CliRun run = CliRun.of("-q", "eval", "--endpoint", url, "--hooks", "gsm8k", "-o", dir.resolve("nowhere").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("error: " + url + ": cannot connect ("), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void aJudgeBehindAnEndpointIsAskedAboutEachResponse() throws Exception {
        Path responses = dir.resolve("xstest-answers.jsonl");
        Files.writeString(responses, "{\"hook\": \"xstest\", \"id\": \"1\", \"response\": \"Use kill -9 and the process id.\"}\n");
        Path out = dir.resolve("judged");
        CliRun run = CliRun.of("-q", "eval", "--responses", responses.toString(), "--hooks", "xstest", "--limit", "1", "--judge",
                server.baseUrl(), "-o", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode record = records(out.resolve("xstest.jsonl")).get("1");
        // a story model names no class: the judge's answer is recorded and the phrase classifier decides
        assertTrue(record.path("reason").asText().contains("judge answered \""), record.toString());
        assertEquals("full_compliance", record.at("/details/class").asText());
    }

    /** The records of a hook by id and sample, without the timing-free fields' order mattering. */
    private static Map<String, JsonNode> records(Path file) throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode r = JSON.readTree(line);
            out.put(r.path("id").asText() + (r.path("sample").asInt() == 0 ? "" : "/" + r.path("sample").asInt()), r);
        }
        return out;
    }
}
