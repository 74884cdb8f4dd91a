package dev.skillmerge.runtime.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.runtime.chat.ChatMessage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Completions for a JSONL file of prompts. Each line is an object with {@code "prompt"} (text) or
 * {@code "messages"} (a chat), and optionally {@code max_tokens}, {@code temperature}, {@code top_p},
 * {@code seed}, {@code stop} overriding the defaults. Each output line is the input object plus
 * {@code completion}, {@code finish_reason}, {@code prompt_tokens} and {@code completion_tokens}, in input
 * order. Every line is validated before any generation starts; the output file appears only when complete.
 * Lines go to the generator as lists, which the embedded runtime decodes in batches.
 */
public final class BatchGeneration {
    /**
     * Lines handed to the generator at once: enough for the embedded runtime to batch prompts of similar length
     * (it sorts a list by length) and for a client to keep parallel requests in flight, few enough for progress to move.
     */
    static final int CHUNK = 256;
    private BatchGeneration() {
    }

    private record Line(ObjectNode source, GenerationRequest request) {
    }

    /** @param chat whether a {@code "prompt"} line is sent as one user message through the chat template */
    public static int run(TextGenerator generator, Path input, Path output, SamplingSettings defaults, boolean chat)
            throws UserInputException, IOException {
        List<Line> lines = read(input, defaults, chat);
        Path temp = output.resolveSibling("." + output.getFileName() + ".partial");
        try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
             Progress p = Progress.start("generate", "prompts", lines.size(), 0)) {
            for (int from = 0; from < lines.size(); from += CHUNK) {
                List<Line> chunk = lines.subList(from, Math.min(lines.size(), from + CHUNK));
                List<Completion> completions = generator.generate(chunk.stream().map(Line::request).toList());
                for (int i = 0; i < chunk.size(); i++) {
                    Completion c = completions.get(i);
                    ObjectNode result = chunk.get(i).source().deepCopy();
                    result.put("completion", c.text()).put("finish_reason", c.finishReason().apiName())
                            .put("prompt_tokens", c.promptTokens()).put("completion_tokens", c.completionTokens());
                    out.write(Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
                    out.newLine();
                }
                p.advance(chunk.size(), 0);
            }
        } catch (UserInputException | IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return lines.size();
    }

    private static List<Line> read(Path input, SamplingSettings defaults, boolean chat) throws UserInputException, IOException {
        List<String> raw;
        try {
            raw = Files.readAllLines(input, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw UserInputException.about(input, "no such file");
        }
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            if (raw.get(i).isBlank()) {
                continue;
            }
            String where = input + ":" + (i + 1) + ": ";
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(raw.get(i));
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                throw new UserInputException(where + "not valid JSON: " + e.getOriginalMessage());
            }
            if (!(node instanceof ObjectNode object)) {
                throw new UserInputException(where + "each line must be a JSON object with \"prompt\" or \"messages\"");
            }
            try {
                out.add(new Line(object, new GenerationRequest(prompt(object, chat), sampling(object, defaults))));
            } catch (UserInputException | IllegalArgumentException e) {
                throw new UserInputException(where + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw UserInputException.about(input, "holds no prompts");
        }
        return out;
    }

    private static Prompt prompt(ObjectNode line, boolean chat) throws UserInputException {
        if (line.get("prompt") != null && line.get("prompt").isTextual()) {
            String text = line.get("prompt").textValue();
            return chat ? new Prompt.Chat(List.of(ChatMessage.user(text))) : new Prompt.Text(text);
        }
        JsonNode messages = line.get("messages");
        if (messages != null && messages.isArray() && !messages.isEmpty()) {
            List<ChatMessage> turns = new ArrayList<>();
            for (JsonNode m : messages) {
                if (!m.path("role").isTextual() || !m.path("content").isTextual()) {
                    throw new UserInputException("every message needs a string \"role\" and \"content\"");
                }
                turns.add(new ChatMessage(m.get("role").textValue(), m.get("content").textValue()));
            }
            return new Prompt.Chat(turns);
        }
        throw new UserInputException("needs a string \"prompt\" or a non-empty \"messages\" list");
    }

    private static SamplingSettings sampling(ObjectNode line, SamplingSettings d) throws UserInputException {
        List<String> stop = d.stop();
        JsonNode s = line.get("stop");
        if (s != null && s.isTextual()) {
            stop = List.of(s.textValue());
        } else if (s != null && s.isArray()) {
            List<String> list = new ArrayList<>();
            s.forEach(x -> list.add(x.asText()));
            stop = list;
        }
        return new SamplingSettings(line.path("max_tokens").asInt(d.maxTokens()), line.path("temperature").asDouble(d.temperature()),
                line.path("top_p").asDouble(d.topP()), line.path("seed").asLong(d.seed()), d.sampler(), stop);
    }
}
