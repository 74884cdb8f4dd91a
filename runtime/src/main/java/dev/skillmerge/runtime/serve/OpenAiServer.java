package dev.skillmerge.runtime.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.runtime.generate.Completion;
import dev.skillmerge.runtime.generate.GenerationRequest;
import dev.skillmerge.runtime.generate.TextGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible HTTP server over a {@link TextGenerator}: GET /v1/models, POST /v1/completions and
 * POST /v1/chat/completions, answered whole or, with {@code "stream": true}, as server-sent events ending
 * in {@code data: [DONE]}. Bad requests get status 400 and OpenAI's error object.
 */
public final class OpenAiServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final TextGenerator generator;

    private OpenAiServer(HttpServer server, ExecutorService executor, TextGenerator generator) {
        this.server = server;
        this.executor = executor;
        this.generator = generator;
    }

    /** Starts serving on {@code host:port} (port 0 picks a free one). */
    public static OpenAiServer start(TextGenerator generator, String host, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        OpenAiServer s = new OpenAiServer(server, executor, generator);
        server.createContext("/", s::handle);
        server.setExecutor(executor);
        server.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL clients use, e.g. http://127.0.0.1:8000/v1. */
    public String baseUrl() {
        String host = server.getAddress().getHostString();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/v1";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/v1/models", "/v1/models/" -> {
                    if (!method.equals("GET")) {
                        error(exchange, 405, "use GET for " + path);
                        return;
                    }
                    json(exchange, 200, models());
                }
                case "/v1/completions", "/v1/chat/completions" -> {
                    if (!method.equals("POST")) {
                        error(exchange, 405, "use POST for " + path);
                        return;
                    }
                    complete(exchange, path.equals("/v1/chat/completions"));
                }
                default -> error(exchange, 404, "no endpoint " + path + " (there are /v1/models, /v1/completions, /v1/chat/completions)");
            }
        } catch (RuntimeException e) {
            // a bug: report it to the client too, rather than a reset connection
            error(exchange, 500, e.toString());
        }
    }

    private ObjectNode models() {
        ObjectNode root = Json.MAPPER.createObjectNode().put("object", "list");
        ObjectNode model = root.putArray("data").addObject().put("id", generator.modelName()).put("object", "model")
                .put("created", Instant.now().getEpochSecond()).put("owned_by", "skillmerge");
        // vLLM's field: clients size prompts and truncation by it
        generator.contextLength().ifPresent(n -> model.put("max_model_len", n));
        return root;
    }

    private void complete(HttpExchange exchange, boolean chat) throws IOException {
        JsonNode body;
        GenerationRequest request;
        try {
            body = Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            if (body == null || !body.isObject()) {
                throw new UserInputException("the request body must be a JSON object");
            }
            if (body.hasNonNull("model") && !body.get("model").asText().equals(generator.modelName())) {
                error(exchange, 404, "model '" + body.get("model").asText() + "' is not served here (this server serves '"
                        + generator.modelName() + "')");
                return;
            }
            if (body.path("n").asInt(1) != 1) {
                throw new UserInputException("'n' must be 1: one completion per request");
            }
            request = chat ? OpenAiRequests.chat(body) : OpenAiRequests.completion(body);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            error(exchange, 400, "the request body is not valid JSON: " + e.getOriginalMessage());
            return;
        } catch (UserInputException e) {
            error(exchange, 400, e.getMessage());
            return;
        }
        String id = (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "");
        long created = Instant.now().getEpochSecond();
        if (body.path("stream").asBoolean(false)) {
            stream(exchange, request, chat, id, created);
            return;
        }
        Completion c;
        try {
            c = generator.generate(request);
        } catch (UserInputException e) {
            error(exchange, 400, e.getMessage());
            return;
        }
        ObjectNode root = header(id, chat ? "chat.completion" : "text_completion", created);
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        if (chat) {
            choice.putObject("message").put("role", "assistant").put("content", c.text());
        } else {
            choice.put("text", c.text()).putNull("logprobs");
        }
        choice.put("finish_reason", c.finishReason().apiName());
        root.putObject("usage").put("prompt_tokens", c.promptTokens()).put("completion_tokens", c.completionTokens())
                .put("total_tokens", c.promptTokens() + c.completionTokens());
        json(exchange, 200, root);
    }

    private void stream(HttpExchange exchange, GenerationRequest request, boolean chat, String id, long created) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        String object = chat ? "chat.completion.chunk" : "text_completion";
        try {
            if (chat) {
                event(out, chunk(id, object, created, true, "", null, true));
            }
            Completion c = generator.generate(request, text -> {
                try {
                    event(out, chunk(id, object, created, chat, text, null, false));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            event(out, chunk(id, object, created, chat, "", c.finishReason().apiName(), false));
        } catch (UserInputException e) {
            ObjectNode err = Json.MAPPER.createObjectNode();
            err.putObject("error").put("message", e.getMessage()).put("type", "invalid_request_error");
            event(out, err);
        } catch (java.io.UncheckedIOException e) {
            return; // the client went away
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static ObjectNode chunk(String id, String object, long created, boolean chat, String text, String finish, boolean roleOnly) {
        ObjectNode root = header(id, object, created);
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        if (chat) {
            ObjectNode delta = choice.putObject("delta");
            if (roleOnly) {
                delta.put("role", "assistant");
            } else if (!text.isEmpty()) {
                delta.put("content", text);
            }
        } else {
            choice.put("text", text).putNull("logprobs");
        }
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return root;
    }

    private static ObjectNode header(String id, String object, long created) {
        return Json.MAPPER.createObjectNode().put("id", id).put("object", object).put("created", created);
    }

    private ObjectNode withModel(ObjectNode node) {
        return node.put("model", generator.modelName());
    }

    private void event(OutputStream out, ObjectNode data) throws IOException {
        withModel(data);
        out.write(("data: " + Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void json(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        if (body.has("id")) {
            withModel(body);
        }
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void error(HttpExchange exchange, int status, String message) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.putObject("error").put("message", message).put("type", status == 404 ? "not_found_error" : "invalid_request_error")
                .putNull("param").putNull("code");
        json(exchange, status, root);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
