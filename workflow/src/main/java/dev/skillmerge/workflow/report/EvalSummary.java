package dev.skillmerge.workflow.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The results of one evaluated model, read from an eval results folder's {@code summary.json} (schema
 * {@code skillmerge.eval.summary/1}, docs/eval-schema.md): per hook its status, primary metric and
 * every metric. A metric is addressed as "hook/metric", or "hook" for the hook's primary metric.
 */
public record EvalSummary(Path file, String source, Map<String, HookResult> hooks) {
    public static final String SCHEMA = "skillmerge.eval.summary/1";

    public record HookResult(String status, String primary, Map<String, Double> metrics) {
        public boolean ok() {
            return status.equals("ok");
        }
    }

    public EvalSummary {
        hooks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hooks));
    }

    /** Reads {@code summary.json}, given as the file or the results folder holding it. */
    public static EvalSummary read(Path path) throws UserInputException, IOException {
        Path file = Files.isDirectory(path) ? path.resolve("summary.json") : path;
        JsonNode root = Json.readObject(file);
        if (!SCHEMA.equals(root.path("schema").asText())) {
            throw UserInputException.about(file, "is not an eval summary (schema " + SCHEMA + " expected, got '"
                    + root.path("schema").asText() + "')");
        }
        Map<String, HookResult> hooks = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("hooks").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode h = e.getValue();
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> m = h.path("metrics").fields(); m.hasNext(); ) {
                Map.Entry<String, JsonNode> metric = m.next();
                if (metric.getValue().isNumber()) {
                    metrics.put(metric.getKey(), metric.getValue().doubleValue());
                }
            }
            hooks.put(e.getKey(), new HookResult(h.path("status").asText("ok"), h.path("primary").asText(null), metrics));
        }
        return new EvalSummary(file, root.path("source").asText(""), hooks);
    }

    /** The value of "hook/metric" or of "hook" (its primary metric); empty when absent or the hook failed. */
    public Optional<Double> value(String key) {
        int slash = key.indexOf('/');
        String hook = slash < 0 ? key : key.substring(0, slash);
        HookResult r = hooks.get(hook);
        if (r == null || !r.ok()) {
            return Optional.empty();
        }
        String metric = slash < 0 ? r.primary() : key.substring(slash + 1);
        return metric == null ? Optional.empty() : Optional.ofNullable(r.metrics().get(metric));
    }

    /** Whether smaller is better for a metric: losses and perplexities. */
    public static boolean lowerIsBetter(String key) {
        String metric = key.substring(key.indexOf('/') + 1);
        return metric.contains("loss") || metric.contains("perplexity") || metric.equals("bits_per_token");
    }

    /** "hook/primary" for every hook's primary metric, as full keys. */
    public Map<String, String> primaryKeys() {
        Map<String, String> out = new LinkedHashMap<>();
        hooks.forEach((hook, r) -> {
            if (r.primary() != null) {
                out.put(hook, hook + "/" + r.primary());
            }
        });
        return out;
    }
}
