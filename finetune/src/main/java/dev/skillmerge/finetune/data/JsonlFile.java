package dev.skillmerge.finetune.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.runtime.chat.ChatMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A JSONL training file, validated line by line into {@link Sample}s. Each line is Hugging Face's chat
 * format ({@code {"messages": [{"role": "user", "content": "..."}, ...]}}, as Tulu and most SFT sets ship)
 * or plain text ({@code {"text": "..."}}); other fields (id, source, ...) are ignored. The first problem
 * stops reading with a one-line message naming the file and line: a malformed line, a missing role or
 * content, an unknown role, an empty assistant turn, or a conversation with nothing to learn.
 */
public final class JsonlFile {
    /** The roles the chat templates render; "tool" and others would be dropped or fail in most templates. */
    static final Set<String> ROLES = Set.of("system", "user", "assistant");

    private JsonlFile() {
    }

    public static List<Sample> read(Path file) throws UserInputException, IOException {
        List<Sample> samples = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    samples.add(parse(line, new Source(file, number)));
                }
            }
        } catch (NoSuchFileException e) {
            throw UserInputException.about(file, "no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw UserInputException.about(file, "is not UTF-8 text");
        }
        if (samples.isEmpty()) {
            throw UserInputException.about(file, "holds no examples");
        }
        return samples;
    }

    static Sample parse(String line, Source source) throws UserInputException {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new UserInputException(source + ": not valid JSON at column " + e.getLocation().getColumnNr() + ": " + firstClause(e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new UserInputException(source + ": a line must be a JSON object with \"messages\" (chat) or \"text\" (plain text)");
        }
        if (node.has("messages")) {
            return conversation(node.get("messages"), source);
        }
        if (node.has("text")) {
            JsonNode text = node.get("text");
            if (!text.isTextual()) {
                throw new UserInputException(source + ": \"text\" must be a string");
            }
            if (text.textValue().isBlank()) {
                throw new UserInputException(source + ": \"text\" is empty");
            }
            return new Sample.Document(text.textValue(), source);
        }
        throw new UserInputException(source + ": has neither \"messages\" (chat) nor \"text\" (plain text)");
    }

    /** Jackson's message without its second line and its "(start marker at [Source: ...])" detail. */
    private static String firstClause(String message) {
        int cut = message.length();
        for (String marker : new String[] {"\n", " (start marker", " at [Source"}) {
            int at = message.indexOf(marker);
            cut = at >= 0 ? Math.min(cut, at) : cut;
        }
        return message.substring(0, cut);
    }

    private static Sample.Conversation conversation(JsonNode messages, Source source) throws UserInputException {
        if (!messages.isArray() || messages.isEmpty()) {
            throw new UserInputException(source + ": \"messages\" must be a non-empty list of {\"role\", \"content\"} objects");
        }
        List<ChatMessage> out = new ArrayList<>();
        boolean assistant = false;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String which = "message " + (i + 1);
            if (!m.isObject()) {
                throw new UserInputException(source + ": " + which + " is not a {\"role\", \"content\"} object");
            }
            JsonNode role = m.get("role");
            if (role == null || !role.isTextual()) {
                throw new UserInputException(source + ": " + which + " has no \"role\"");
            }
            if (!ROLES.contains(role.textValue())) {
                throw new UserInputException(source + ": " + which + " has role '" + role.textValue()
                        + "'; roles are system, user and assistant");
            }
            JsonNode content = m.get("content");
            if (content == null || !content.isTextual()) {
                throw new UserInputException(source + ": " + which + " (" + role.textValue() + ") has no \"content\" string");
            }
            if (role.textValue().equals("assistant")) {
                if (content.textValue().isBlank()) {
                    throw new UserInputException(source + ": " + which + " (assistant) is empty; there is nothing to learn from it");
                }
                assistant = true;
            }
            out.add(new ChatMessage(role.textValue(), content.textValue()));
        }
        if (!assistant) {
            throw new UserInputException(source + ": no assistant message; chat examples train on the assistant's turns");
        }
        return new Sample.Conversation(out, source);
    }
}
