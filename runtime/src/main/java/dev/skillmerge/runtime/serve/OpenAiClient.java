package dev.skillmerge.runtime.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.runtime.chat.ChatMessage;
import dev.skillmerge.runtime.generate.Completion;
import dev.skillmerge.runtime.generate.GenerationRequest;
import dev.skillmerge.runtime.generate.Prompt;
import dev.skillmerge.runtime.generate.SamplerKind;
import dev.skillmerge.runtime.generate.SamplingSettings;
import dev.skillmerge.runtime.generate.TextGenerator;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * A {@link TextGenerator} backed by any OpenAI-compatible server (vLLM, TGI, a llama.cpp server,
 * {@code skillmerge serve}): text prompts go to /v1/completions, chats to /v1/chat/completions (the server
 * applies its chat template). The API key, if the server wants one, comes from an environment variable.
 */
public final class OpenAiClient implements TextGenerator {
    /** The environment variable holding the bearer token, as OpenAI's own clients read it. */
    public static final String API_KEY_VARIABLE = "OPENAI_API_KEY";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final URI baseUrl;
    private final Optional<String> apiKey;
    private final HttpClient http;
    private final int parallelRequests;
    private String model;
    private OptionalInt contextLength;

    /**
     * @param baseUrl the API root, e.g. {@code http://127.0.0.1:8000/v1}
     * @param model   the model name to request; empty asks the server's /v1/models for its first
     */
    public OpenAiClient(URI baseUrl, Optional<String> model, Optional<String> apiKey) {
        this(baseUrl, model, apiKey, 1);
    }

    /**
     * @param parallelRequests how many requests of a {@link #generate(List)} call are in flight at once: a
     *                         server that batches concurrent requests (vLLM, TGI) is fast only when it gets many
     */
    public OpenAiClient(URI baseUrl, Optional<String> model, Optional<String> apiKey, int parallelRequests) {
        if (parallelRequests < 1) {
            throw new IllegalArgumentException("parallel requests must be >= 1, not " + parallelRequests);
        }
        String s = baseUrl.toString();
        this.baseUrl = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.model = model.orElse(null);
        this.apiKey = apiKey;
        this.parallelRequests = parallelRequests;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** A client whose API key (if any) is read from {@value #API_KEY_VARIABLE}. */
    public static OpenAiClient fromEnvironment(URI baseUrl, Optional<String> model) {
        return fromEnvironment(baseUrl, model, 1);
    }

    /** As {@link #fromEnvironment(URI, Optional)}, with up to {@code parallelRequests} requests in flight. */
    public static OpenAiClient fromEnvironment(URI baseUrl, Optional<String> model, int parallelRequests) {
        return new OpenAiClient(baseUrl, model, Optional.ofNullable(System.getenv(API_KEY_VARIABLE)).filter(k -> !k.isBlank()),
                parallelRequests);
    }

    /** Completions for every request, in order, with up to the client's parallel requests in flight at once. */
    @Override
    public List<Completion> generate(List<GenerationRequest> requests) throws UserInputException, IOException {
        if (parallelRequests == 1 || requests.size() < 2) {
            return TextGenerator.super.generate(requests);
        }
        Semaphore inFlight = new Semaphore(parallelRequests);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<Completion>> futures = new ArrayList<>();
            for (GenerationRequest r : requests) {
                futures.add(pool.submit(() -> {
                    inFlight.acquire();
                    try {
                        return generate(r);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            List<Completion> out = new ArrayList<>(requests.size());
            for (Future<Completion> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + baseUrl, e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case UserInputException u -> throw u;
                case IOException io -> throw io;
                case RuntimeException re -> throw re;
                default -> throw new IOException(e.getCause().getMessage(), e.getCause());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public synchronized String modelName() {
        if (model == null) {
            try {
                JsonNode data = models();
                if (!data.isArray() || data.isEmpty()) {
                    throw new UserInputException(baseUrl + "/models lists no model; pass the model name");
                }
                model = data.get(0).path("id").asText();
            } catch (UserInputException | IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return model;
    }

    /**
     * The context length the server reports for the model in /v1/models ({@code max_model_len}, as vLLM and
     * {@code skillmerge serve} do); empty when it reports none.
     */
    @Override
    public synchronized OptionalInt contextLength() {
        if (contextLength == null) {
            try {
                String name = modelName();
                contextLength = OptionalInt.empty();
                for (JsonNode m : models()) {
                    if (m.path("id").asText().equals(name) && m.path("max_model_len").isIntegralNumber()) {
                        contextLength = OptionalInt.of(m.get("max_model_len").intValue());
                    }
                }
            } catch (UserInputException | IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return contextLength;
    }

    private JsonNode models() throws UserInputException, IOException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/models")).GET(), "/models").path("data");
    }

    @Override
    public Completion generate(GenerationRequest request, Consumer<String> onText) throws UserInputException, IOException {
        boolean chat = request.prompt() instanceof Prompt.Chat;
        ObjectNode body = Json.MAPPER.createObjectNode().put("model", modelNameOrThrow());
        switch (request.prompt()) {
            case Prompt.Text text -> body.put("prompt", text.text());
            case Prompt.Chat c -> {
                var messages = body.putArray("messages");
                for (ChatMessage m : c.messages()) {
                    messages.addObject().put("role", m.role()).put("content", m.content());
                }
            }
        }
        SamplingSettings s = request.sampling();
        body.put("max_tokens", s.maxTokens()).put("temperature", s.temperature()).put("top_p", s.topP()).put("seed", s.seed());
        if (!s.stop().isEmpty()) {
            var stop = body.putArray("stop");
            s.stop().forEach(stop::add);
        }
        if (s.sampler() == SamplerKind.LLAMA2C) {
            body.put("sampler", "llama2c"); // skillmerge's extension; other servers ignore it
        }
        request.truncatePromptTokens().ifPresent(k -> body.put("truncate_prompt_tokens", k)); // vLLM's extension
        String path = chat ? "/chat/completions" : "/completions";
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
        JsonNode response = send(post, path);
        JsonNode choice = response.path("choices").path(0);
        String text = chat ? choice.path("message").path("content").asText("") : choice.path("text").asText("");
        String finish = choice.path("finish_reason").asText("stop");
        JsonNode usage = response.path("usage");
        onText.accept(text);
        return new Completion(text, finish.equals("length") ? Completion.FinishReason.LENGTH : Completion.FinishReason.STOP,
                usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0));
    }

    private String modelNameOrThrow() throws UserInputException {
        try {
            return modelName();
        } catch (IllegalStateException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    private JsonNode send(HttpRequest.Builder request, String path) throws UserInputException, IOException {
        apiKey.ifPresent(k -> request.header("Authorization", "Bearer " + k));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new UserInputException(baseUrl + ": cannot connect (" + (e.getMessage() == null ? "connection refused" : e.getMessage())
                    + "); is the server running at that address?");
        } catch (HttpTimeoutException e) {
            throw new UserInputException(baseUrl + ": no connection within " + CONNECT_TIMEOUT.toSeconds() + " s; is the address right?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + baseUrl + path, e);
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(response.body());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new UserInputException(baseUrl + path + ": HTTP " + response.statusCode() + " with a body that is not JSON;"
                    + " is this an OpenAI-compatible API root (usually ending in /v1)?");
        }
        if (response.statusCode() != 200) {
            String message = body.path("error").path("message").asText(body.path("message").asText(response.body()));
            throw new UserInputException(baseUrl + path + ": HTTP " + response.statusCode() + ": " + message);
        }
        return body;
    }

    @Override
    public void close() {
        http.close();
    }
}
