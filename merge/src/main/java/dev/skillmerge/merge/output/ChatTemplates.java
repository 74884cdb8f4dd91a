package dev.skillmerge.merge.output;

import dev.skillmerge.checkpoint.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The {@code chat_template} a config asks for: a Jinja template written inline, one of the well-known
 * formats by name (chatml, llama3, alpaca, mistral, tulu), or "auto" to keep the tokenizer source's own.
 */
public final class ChatTemplates {
    public static final List<String> NAMES = List.of("chatml", "llama3", "alpaca", "mistral", "tulu");

    private ChatTemplates() {
    }

    /** The template text to store, or empty to leave the tokenizer's template alone. */
    public static Optional<String> resolve(String requested) throws UserInputException {
        if (requested.equals("auto")) {
            return Optional.empty();
        }
        if (requested.contains("{{") || requested.contains("{%")) {
            return Optional.of(requested);
        }
        if (!NAMES.contains(requested)) {
            throw new UserInputException("chat_template '" + requested + "' is neither a Jinja template nor one of auto, "
                    + String.join(", ", NAMES));
        }
        try (InputStream in = ChatTemplates.class.getResourceAsStream("chat_templates/" + requested + ".jinja")) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("built-in chat template " + requested + " is missing from the jar", e);
        }
    }
}
