package dev.skillmerge.checkpoint.hf;


import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.skillmerge.checkpoint.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading and writing the small JSON files of a Hugging Face folder, with one-line errors for bad ones. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Json() {
    }

    /** Reads a JSON file that must hold an object. */
    public static JsonNode readObject(Path file) throws UserInputException, IOException {
        JsonNode node;
        try {
            node = MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw UserInputException.about(file, "no such file");
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            int newline = message.indexOf('\n');
            throw UserInputException.about(file, "not valid JSON: " + (newline < 0 ? message : message.substring(0, newline))
                    + " (line " + e.getLocation().getLineNr() + ")");
        }
        if (node == null || !node.isObject()) {
            throw UserInputException.about(file, "must hold a JSON object");
        }
        return node;
    }

    /** Writes pretty-printed JSON with a trailing newline, as Hugging Face tools do. */
    public static void write(Path file, JsonNode node) throws IOException {
        Files.writeString(file, MAPPER.writeValueAsString(node) + "\n");
    }
}
