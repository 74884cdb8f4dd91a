package dev.skillmerge.eval.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.eval.data.Jsonl;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A hook's per-item records file (JSONL, one line per scored output), which is also what makes a run
 * resumable: records already there are not scored again. Lines are appended and flushed one at a time, so a
 * killed run loses at most the line being written; a torn last line is cut off when the file is reopened.
 */
public final class RecordLog implements AutoCloseable {
    private final Path file;
    private final Map<RecordKey, ObjectNode> records;
    private final BufferedWriter writer;

    private RecordLog(Path file, Map<RecordKey, ObjectNode> records, BufferedWriter writer) {
        this.file = file;
        this.records = records;
        this.writer = writer;
    }

    public static RecordLog open(Path file) throws IOException {
        Map<RecordKey, ObjectNode> records = new HashMap<>();
        if (Files.exists(file)) {
            byte[] bytes = Files.readAllBytes(file);
            int good = 0;
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                start = i + 1;
                ObjectNode record = parse(line);
                if (record == null) {
                    break;
                }
                records.put(new RecordKey(record.get("id").asText(), record.get("sample").asInt()), record);
                good = start;
            }
            if (good < bytes.length) {
                // A run killed mid-write leaves a partial line; everything before it is kept.
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(good);
                }
            }
        }
        BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new RecordLog(file, records, writer);
    }

    private static ObjectNode parse(String line) {
        try {
            JsonNode node = Jsonl.MAPPER.readTree(line);
            if (node instanceof ObjectNode o && o.hasNonNull("id") && o.has("sample") && o.get("sample").canConvertToInt()) {
                return o;
            }
        } catch (JsonProcessingException e) {
            // fall through: treated as the torn end of the file
        }
        return null;
    }

    public Path file() {
        return file;
    }

    public synchronized Optional<ObjectNode> get(RecordKey key) {
        return Optional.ofNullable(records.get(key));
    }

    public synchronized void append(ObjectNode record) throws IOException {
        writer.write(Jsonl.line(record));
        writer.write('\n');
        writer.flush();
        records.put(new RecordKey(record.get("id").asText(), record.get("sample").asInt()), record);
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
