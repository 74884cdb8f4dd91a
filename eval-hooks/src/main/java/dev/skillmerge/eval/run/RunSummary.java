package dev.skillmerge.eval.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.eval.hook.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;

/**
 * {@code summary.json} of a results folder (schema in docs/eval-schema.md). Rewritten after every hook, by
 * writing a temporary file and renaming it, so it is always complete; entries of hooks not in this run are
 * kept, so several runs into one folder add up.
 */
public final class RunSummary {
    public static final String SCHEMA = "skillmerge.eval.summary/1";

    private final Path file;
    private final ObjectNode root;
    private final ObjectNode hooks;

    private RunSummary(Path file, ObjectNode root, ObjectNode hooks) {
        this.file = file;
        this.root = root;
        this.hooks = hooks;
    }

    public static RunSummary open(Path file, String source) throws IOException {
        ObjectNode hooks = JsonNodeFactory.instance.objectNode();
        if (Files.exists(file)) {
            try {
                JsonNode old = Json.MAPPER.readTree(file.toFile());
                if (old != null && old.path("schema").asText().equals(SCHEMA) && old.get("hooks") instanceof ObjectNode h) {
                    hooks = h;
                }
            } catch (IOException e) {
                // An unreadable old summary is replaced; the records files still hold every score.
            }
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("schema", SCHEMA);
        root.put("updated", Instant.now().toString());
        root.put("source", source);
        root.set("hooks", hooks);
        return new RunSummary(file, root, hooks);
    }

    public synchronized void put(HookOutcome outcome, String description) throws IOException {
        ObjectNode h = JsonNodeFactory.instance.objectNode();
        h.put("status", outcome.status().word());
        h.put("description", description);
        outcome.metrics().ifPresent(m -> {
            h.put("primary", m.primary());
            h.put("value", m.primaryValue());
            ObjectNode values = h.putObject("metrics");
            for (Map.Entry<String, Double> e : m.values().entrySet()) {
                values.put(e.getKey(), e.getValue());
            }
        });
        h.put("items", outcome.items());
        h.put("scored", outcome.scored());
        h.put("missing", outcome.missing());
        h.put("seconds", Math.round(outcome.seconds() * 1000) / 1000.0);
        outcome.records().ifPresent(r -> h.put("records", r));
        outcome.error().ifPresent(e -> h.put("error", e));
        hooks.remove(outcome.hook());
        hooks.set(outcome.hook(), h);
        root.put("updated", Instant.now().toString());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Json.write(tmp, root);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The metrics block of {@code summary}, for callers that print a table. */
    public static String format(Metrics m) {
        return m.primary() + " = " + String.format(java.util.Locale.ROOT, "%.4f", m.primaryValue());
    }
}
