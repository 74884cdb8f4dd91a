package dev.skillmerge.workflow.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.hf.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The tidy results of a sweep: one JSON line per finished point, appended and flushed to disk as each point
 * finishes, so a killed sweep loses at most the point in flight. Shards write their own
 * {@code rows.shard-i-of-n.jsonl}; reading gathers every rows file, skipping a torn last line.
 */
public final class SweepRows {
    private SweepRows() {
    }

    public static Path fileFor(Path output, SweepGrid.Shard shard) {
        return output.resolve(shard == null ? "rows.jsonl" : "rows.shard-" + shard.index() + "-of-" + shard.count() + ".jsonl");
    }

    public static void append(Path file, ObjectNode row) throws IOException {
        byte[] line = (Json.MAPPER.copy().disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(row) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            c.write(java.nio.ByteBuffer.wrap(line));
            c.force(true);
        }
    }

    /** Every finished row of every rows file in the output folder, in index order. */
    public static List<JsonNode> readAll(Path output) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        if (!Files.isDirectory(output)) {
            return rows;
        }
        try (Stream<Path> files = Files.list(output)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("rows(\\.shard-\\d+-of-\\d+)?\\.jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        rows.add(Json.MAPPER.readTree(line));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException torn) {
                        // the line a killed sweep was writing; its point reruns
                    }
                }
            }
        }
        rows.sort(java.util.Comparator.comparingInt(r -> r.path("index").asInt()));
        return rows;
    }

    public static Set<String> finishedKeys(Path output) throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        for (JsonNode r : readAll(output)) {
            keys.add(r.path("key").asText());
        }
        return keys;
    }

    /** rows.csv from every rows file: fixed columns, then one column per metric seen in any row. */
    public static void writeCsv(Path output) throws IOException {
        List<JsonNode> rows = readAll(output);
        LinkedHashSet<String> metrics = new LinkedHashSet<>();
        rows.forEach(r -> r.path("metrics").fieldNames().forEachRemaining(metrics::add));
        StringBuilder s = new StringBuilder("index,key,method,weight,density,subset,seconds");
        metrics.forEach(m -> s.append(',').append(m));
        s.append('\n');
        for (JsonNode r : rows) {
            s.append(r.path("index").asInt()).append(',').append(r.path("key").asText()).append(',').append(r.path("method").asText())
                    .append(',').append(r.path("weight").asDouble()).append(',').append(r.path("density").asDouble()).append(',')
                    .append(r.path("subset").asText()).append(',').append(String.format(Locale.ROOT, "%.1f", r.path("seconds").asDouble()));
            for (String m : metrics) {
                JsonNode v = r.path("metrics").get(m);
                s.append(',').append(v == null ? "" : v.asText());
            }
            s.append('\n');
        }
        Path tmp = output.resolve(".rows.csv.tmp");
        Files.writeString(tmp, s);
        Files.move(tmp, output.resolve("rows.csv"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
