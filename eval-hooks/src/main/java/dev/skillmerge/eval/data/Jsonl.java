package dev.skillmerge.eval.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** JSON Lines: one object per line, blank lines skipped, ".gz" files decompressed; errors name file:line. */
public final class Jsonl {
    /**
     * Compact, one object per line: the mapper for every JSONL file we read and write. NaN and Infinity are
     * bare tokens both ways, as Python's json module writes and reads them (MBPP+ inputs hold -Infinity).
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private Jsonl() {
    }

    public static List<JsonLine> read(Path file) throws UserInputException, IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw UserInputException.about(file, "no such file");
        }
        return read(in, file.toString(), file.getFileName().toString().endsWith(".gz"));
    }

    /** Reads a stream named {@code name} in messages; closes it. */
    public static List<JsonLine> read(InputStream raw, String name, boolean gzip) throws UserInputException, IOException {
        List<JsonLine> lines = new ArrayList<>();
        try (InputStream in = gzip ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String origin = name + ":" + number;
                JsonNode node;
                try {
                    node = MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    String message = e.getOriginalMessage();
                    int newline = message.indexOf('\n');
                    throw new UserInputException(origin + ": not valid JSON: " + (newline < 0 ? message : message.substring(0, newline)));
                }
                if (!(node instanceof ObjectNode object)) {
                    throw new UserInputException(origin + ": each line must hold a JSON object");
                }
                lines.add(new JsonLine(origin, object));
            }
        }
        return lines;
    }

    /** One compact JSON line (no trailing newline). */
    public static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + value, e);
        }
    }
}
