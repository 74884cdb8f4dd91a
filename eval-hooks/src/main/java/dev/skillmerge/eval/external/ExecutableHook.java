package dev.skillmerge.eval.external;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.eval.data.Jsonl;
import dev.skillmerge.eval.hook.ExternalHook;
import dev.skillmerge.eval.hook.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An external hook: any executable. It gets one JSON request on stdin (protocol
 * {@value #PROTOCOL}: hook name, model, options, output folder) and must print one JSON object on stdout,
 * {"metrics": {name: number, ...}, "primary": name}; its stderr goes to ours. A non-zero exit, a timeout
 * or unreadable output fail the hook with a one-line error (the run goes on with the other hooks).
 * See docs/eval-schema.md and examples/hooks/.
 */
public final class ExecutableHook implements ExternalHook {
    public static final String PROTOCOL = "skillmerge.eval.external/1";

    private final String name;
    private final List<String> command;
    private final Duration timeout;

    public ExecutableHook(String name, List<String> command, Duration timeout) {
        if (!name.matches("[a-z0-9][a-z0-9_.-]*")) {
            throw new IllegalArgumentException("hook names are lower case letters, digits, '_', '.', '-': " + name);
        }
        this.name = name;
        this.command = List.copyOf(command);
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "external hook: " + String.join(" ", command);
    }

    public List<String> command() {
        return command;
    }

    static ObjectNode requestJson(Request request) {
        ObjectNode r = Jsonl.MAPPER.createObjectNode();
        r.put("protocol", PROTOCOL);
        r.put("hook", request.hook());
        r.set("model", Jsonl.MAPPER.valueToTree(request.model()));
        r.set("options", Jsonl.MAPPER.valueToTree(request.options()));
        r.put("output_dir", request.outputDir().toString());
        return r;
    }

    @Override
    public Metrics run(Request request) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IOException(name + ": cannot start " + command.getFirst() + ": " + e.getMessage(), e);
        }
        CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try (OutputStream in = process.getOutputStream()) {
            in.write((Jsonl.line(requestJson(request)) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the program may exit without reading its request; its exit code and output decide
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IOException(name + ": timed out after " + timeout.toSeconds() + " s");
        }
        String out = new String(stdout.join(), StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0) {
            throw new IOException(name + ": exited with code " + process.exitValue());
        }
        return parse(name, out);
    }

    static Metrics parse(String name, String out) throws IOException {
        JsonNode node;
        try {
            node = Jsonl.MAPPER.readTree(out);
        } catch (IOException e) {
            throw new IOException(name + ": stdout is not one JSON object: " + abbreviate(out));
        }
        if (node == null || !node.path("metrics").isObject() || node.get("metrics").isEmpty()) {
            throw new IOException(name + ": stdout needs {\"metrics\": {name: number, ...}}, got " + abbreviate(out));
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.get("metrics").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber()) {
                throw new IOException(name + ": metric \"" + e.getKey() + "\" is not a number");
            }
            values.put(e.getKey(), e.getValue().asDouble());
        }
        String primary = node.path("primary").asText(values.keySet().iterator().next());
        if (!values.containsKey(primary)) {
            throw new IOException(name + ": primary metric \"" + primary + "\" is not among its metrics " + new ArrayList<>(values.keySet()));
        }
        return new Metrics(primary, values);
    }

    private static String abbreviate(String s) {
        String line = s.lines().findFirst().orElse("");
        return line.isEmpty() ? "(nothing)" : line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
