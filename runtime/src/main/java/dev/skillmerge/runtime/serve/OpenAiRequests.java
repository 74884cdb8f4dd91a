package dev.skillmerge.runtime.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.runtime.chat.ChatMessage;
import dev.skillmerge.runtime.generate.GenerationRequest;
import dev.skillmerge.runtime.generate.Prompt;
import dev.skillmerge.runtime.generate.SamplerKind;
import dev.skillmerge.runtime.generate.SamplingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * OpenAI request bodies validated into {@link GenerationRequest}s. Defaults follow OpenAI's API: temperature 1,
 * top_p 1, max_tokens 16 for completions and "as many as fit" for chat. Extensions: {@code "sampler":
 * "llama2c"} selects llama2.c's sampler; {@code "truncate_prompt_tokens": k} keeps the prompt's last k tokens
 * (vLLM's parameter of that name).
 */
final class OpenAiRequests {
    static final int UNLIMITED = 1 << 24;

    private OpenAiRequests() {
    }

    static GenerationRequest completion(JsonNode body) throws UserInputException {
        JsonNode prompt = body.get("prompt");
        String text;
        if (prompt != null && prompt.isTextual()) {
            text = prompt.textValue();
        } else if (prompt != null && prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            text = prompt.get(0).textValue();
        } else {
            throw new UserInputException("'prompt' must be a string (or a list of one string)");
        }
        return new GenerationRequest(new Prompt.Text(text), sampling(body, 16), truncation(body));
    }

    static GenerationRequest chat(JsonNode body) throws UserInputException {
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new UserInputException("'messages' must be a non-empty list of {\"role\", \"content\"} objects");
        }
        List<ChatMessage> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            JsonNode role = m.get("role");
            JsonNode content = m.get("content");
            if (role == null || !role.isTextual() || content == null || !content.isTextual()) {
                throw new UserInputException("messages[" + i + "] needs a string 'role' and a string 'content'");
            }
            turns.add(new ChatMessage(role.textValue(), content.textValue()));
        }
        return new GenerationRequest(new Prompt.Chat(turns), sampling(body, UNLIMITED), truncation(body));
    }

    static SamplingSettings sampling(JsonNode body, int defaultMaxTokens) throws UserInputException {
        JsonNode max = body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        int maxTokens = max == null || max.isNull() ? defaultMaxTokens : positiveInt(max, "max_tokens");
        double temperature = number(body, "temperature", 1.0);
        double topP = number(body, "top_p", 1.0);
        long seed = body.hasNonNull("seed") ? body.get("seed").asLong() : System.nanoTime();
        List<String> stop = new ArrayList<>();
        JsonNode s = body.get("stop");
        if (s != null && s.isTextual()) {
            stop.add(s.textValue());
        } else if (s != null && s.isArray()) {
            s.forEach(x -> stop.add(x.asText()));
        } else if (s != null && !s.isNull()) {
            throw new UserInputException("'stop' must be a string or a list of strings");
        }
        SamplerKind kind = SamplerKind.DEFAULT;
        if (body.hasNonNull("sampler")) {
            try {
                kind = SamplerKind.valueOf(body.get("sampler").asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UserInputException("'sampler' must be 'default' or 'llama2c'");
            }
        }
        if (kind == SamplerKind.LLAMA2C && seed == 0) {
            throw new UserInputException("the llama2c sampler needs a non-zero 'seed'");
        }
        try {
            return new SamplingSettings(maxTokens, temperature, topP, seed, kind, stop);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    /** vLLM's extension {@code truncate_prompt_tokens}: use only the prompt's last k tokens. */
    private static OptionalInt truncation(JsonNode body) throws UserInputException {
        JsonNode k = body.get("truncate_prompt_tokens");
        return k == null || k.isNull() ? OptionalInt.empty() : OptionalInt.of(positiveInt(k, "truncate_prompt_tokens"));
    }

    private static int positiveInt(JsonNode node, String name) throws UserInputException {
        if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > Integer.MAX_VALUE) {
            throw new UserInputException("'" + name + "' must be a positive integer, not " + node);
        }
        return node.asInt();
    }

    private static double number(JsonNode body, String name, double fallback) throws UserInputException {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber()) {
            throw new UserInputException("'" + name + "' must be a number, not " + n);
        }
        return n.asDouble();
    }
}
