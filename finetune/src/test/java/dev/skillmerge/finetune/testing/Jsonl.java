package dev.skillmerge.finetune.testing;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.hf.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes training files in the formats finetune reads. */
public final class Jsonl {
    private Jsonl() {
    }

    /** One line {"messages": [...]} from alternating role, content pairs. */
    public static String chat(String... roleContent) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        ArrayNode messages = line.putArray("messages");
        for (int i = 0; i < roleContent.length; i += 2) {
            messages.addObject().put("role", roleContent[i]).put("content", roleContent[i + 1]);
        }
        return compact(line);
    }

    public static String text(String text) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("text", text);
        return compact(line);
    }

    private static String compact(ObjectNode line) {
        try {
            return Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path write(Path file, List<String> lines) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines);
        return file;
    }

    /**
     * A learnable chat task: "Which animal says NAME?" answered by one of a few fixed replies chosen by the
     * name, over {@code count} generated names. A model must read the question to answer it.
     */
    public static List<String> animalTask(int count) {
        String[] animals = {"The cat says it.", "The dog says it.", "The cow says it.", "The bird says it."};
        String[] syllables = {"ba", "ko", "mi", "tu", "re", "lo", "sa", "ne"};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = syllables[i % 8] + syllables[(i / 8) % 8];
            lines.add(chat("user", "Which animal says " + name + "?", "assistant", animals[(i % 8) % animals.length]));
        }
        return lines;
    }
}
