package dev.skillmerge.runtime.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The parts of tokenizer_config.json that generation needs: the BOS/EOS token strings (given as strings
 * or as {"content": ...} objects) and the chat template (a string, or a list of named templates of which
 * "default" is the one for chat).
 */
public record TokenizerConfig(Optional<String> bosToken, Optional<String> eosToken, Optional<String> chatTemplate) {
    public static final String FILE_NAME = "tokenizer_config.json";

    public static TokenizerConfig read(Path folder) throws UserInputException, IOException {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return new TokenizerConfig(Optional.empty(), Optional.empty(), Optional.empty());
        }
        JsonNode root = Json.readObject(file);
        return new TokenizerConfig(token(root.get("bos_token")), token(root.get("eos_token")), template(root.get("chat_template"), file));
    }

    private static Optional<String> token(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isObject()) {
            return Optional.ofNullable(node.path("content").textValue());
        }
        return Optional.ofNullable(node.textValue());
    }

    private static Optional<String> template(JsonNode node, Path file) throws UserInputException {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return Optional.of(node.textValue());
        }
        if (node.isArray()) {
            for (JsonNode named : node) {
                if ("default".equals(named.path("name").asText())) {
                    return Optional.of(named.path("template").asText());
                }
            }
        }
        throw UserInputException.about(file, "chat_template is neither a string nor a list holding a template named 'default'");
    }
}
