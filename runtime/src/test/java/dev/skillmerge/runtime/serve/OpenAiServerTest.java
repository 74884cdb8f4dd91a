package dev.skillmerge.runtime.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.runtime.chat.ChatMessage;
import dev.skillmerge.runtime.engine.DeviceChoice;
import dev.skillmerge.runtime.generate.Completion;
import dev.skillmerge.runtime.generate.EmbeddedGenerator;
import dev.skillmerge.runtime.generate.GenerationRequest;
import dev.skillmerge.runtime.generate.Prompt;
import dev.skillmerge.runtime.generate.SamplerKind;
import dev.skillmerge.runtime.generate.SamplingSettings;
import dev.skillmerge.runtime.testing.Stories260K;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenAiServerTest {
    private static final String GREEDY_START = "Once upon a time, there was a little girl named Lily.";
    private static EmbeddedGenerator embedded;
    private static OpenAiServer server;
    private static OpenAiClient client;

    @BeforeAll
    static void start() throws Exception {
        embedded = EmbeddedGenerator.open(Stories260K.imported(), DeviceChoice.CPU, 0);
        server = OpenAiServer.start(embedded, "127.0.0.1", 0);
        client = new OpenAiClient(URI.create(server.baseUrl()), Optional.empty(), Optional.empty());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
        embedded.close();
    }

    @Test
    void aCompletionThroughTheClientEqualsTheEmbeddedOne() throws Exception {
        GenerationRequest request = new GenerationRequest(new Prompt.Text(""), SamplingSettings.greedy(15));
        Completion remote = client.generate(request);
        assertEquals(embedded.generate(request), remote);
        assertEquals(GREEDY_START, remote.text());
        assertEquals(Completion.FinishReason.LENGTH, remote.finishReason());
        assertEquals(1, remote.promptTokens());
        assertEquals(15, remote.completionTokens());
    }

    @Test
    void seededLlama2cSamplingTravelsThroughTheServer() throws Exception {
        SamplingSettings settings = new SamplingSettings(30, 1.0, 0.9, 133742, SamplerKind.LLAMA2C, List.of());
        GenerationRequest request = new GenerationRequest(new Prompt.Text(""), settings);
        assertEquals(embedded.generate(request).text(), client.generate(request).text());
    }

    @Test
    void stopStringsEndTheCompletionBeforeThem() throws Exception {
        GenerationRequest request = new GenerationRequest(new Prompt.Text(""),
                new SamplingSettings(40, 0, 1, 1, SamplerKind.DEFAULT, List.of(" named")));
        Completion c = client.generate(request);
        assertEquals("Once upon a time, there was a little girl", c.text());
        assertEquals(Completion.FinishReason.STOP, c.finishReason());
    }

    @Test
    void chatCompletionsApplyTheTemplate() throws Exception {
        Completion c = client.generate(new GenerationRequest(new Prompt.Chat(List.of(ChatMessage.user("Hi"))), SamplingSettings.greedy(5)));
        Completion local = embedded.generate(new GenerationRequest(new Prompt.Chat(List.of(ChatMessage.user("Hi"))), SamplingSettings.greedy(5)));
        assertEquals(local, c);
    }

    @Test
    void modelsListsTheServedModel() {
        assertEquals(embedded.modelName(), client.modelName());
    }

    @Test
    void theClientLearnsTheContextLengthFromMaxModelLen() {
        assertEquals(java.util.OptionalInt.of(512), client.contextLength());
    }

    @Test
    void truncatePromptTokensKeepsThePromptsLastTokensThroughTheServer() throws Exception {
        // about 900 tokens, past stories260K's 512-position context
        String longPrompt = "Lily and Ben played in the park all day long. ".repeat(60) + "Then Lily said";
        GenerationRequest untruncated = new GenerationRequest(new Prompt.Text(longPrompt), SamplingSettings.greedy(12));
        UserInputException tooLong = assertThrows(UserInputException.class, () -> embedded.generate(untruncated));
        assertTrue(tooLong.getMessage().endsWith("tokens; the model's context is 512, leaving no room to generate"), tooLong.getMessage());
        GenerationRequest truncated = new GenerationRequest(new Prompt.Text(longPrompt), SamplingSettings.greedy(12), java.util.OptionalInt.of(100));
        Completion local = embedded.generate(truncated);
        assertEquals(100, local.promptTokens());
        assertEquals(local, client.generate(truncated));
    }

    @Test
    void parallelRequestsGiveTheCompletionsInRequestOrder() throws Exception {
        List<GenerationRequest> requests = List.of(new GenerationRequest(new Prompt.Text(""), SamplingSettings.greedy(6)),
                new GenerationRequest(new Prompt.Text("The dog"), SamplingSettings.greedy(9)),
                new GenerationRequest(new Prompt.Chat(List.of(ChatMessage.user("Hi"))), SamplingSettings.greedy(4)));
        try (OpenAiClient parallel = new OpenAiClient(URI.create(server.baseUrl()), Optional.empty(), Optional.empty(), 3)) {
            assertEquals(embedded.generate(requests), parallel.generate(requests));
        }
    }

    @Test
    void streamingSendsServerSentEventsEndingInDone() throws Exception {
        String body = "{\"prompt\": \"\", \"max_tokens\": 15, \"temperature\": 0, \"stream\": true}";
        HttpResponse<String> r = post("/completions", body);
        assertEquals(200, r.statusCode());
        StringBuilder text = new StringBuilder();
        String[] events = r.body().split("\n\n");
        for (String e : events) {
            assertTrue(e.startsWith("data: "), e);
            if (!e.equals("data: [DONE]")) {
                text.append(Json.MAPPER.readTree(e.substring(6)).path("choices").path(0).path("text").asText());
            }
        }
        assertEquals("data: [DONE]", events[events.length - 1]);
        assertEquals(GREEDY_START, text.toString());
    }

    @Test
    void aBadRequestGets400WithOpenAisErrorObject() throws Exception {
        HttpResponse<String> r = post("/completions", "{\"prompt\": \"x\", \"temperature\": -1}");
        assertEquals(400, r.statusCode());
        JsonNode error = Json.MAPPER.readTree(r.body()).path("error");
        assertEquals("temperature must be >= 0, not -1.0", error.path("message").asText());
        assertEquals("invalid_request_error", error.path("type").asText());
    }

    @Test
    void anUnreachableEndpointIsAOneLineError() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        try (OpenAiClient nowhere = new OpenAiClient(URI.create("http://127.0.0.1:" + freePort + "/v1"), Optional.of("m"), Optional.empty())) {
            UserInputException e = assertThrows(UserInputException.class,
                    () -> nowhere.generate(new GenerationRequest(new Prompt.Text("x"), SamplingSettings.greedy(1))));
            assertTrue(e.getMessage().startsWith("http://127.0.0.1:" + freePort + "/v1: cannot connect ("), e.getMessage());
            assertTrue(e.getMessage().endsWith("); is the server running at that address?"), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"));
        }
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
