package dev.skillmerge.runtime.generate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.runtime.tokenizer.TextTokenizer;
import dev.skillmerge.runtime.tokenizer.TokenizerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The token ids that end a completion, as transformers' generate() finds them: generation_config.json's
 * eos_token_id (one id or a list, e.g. Llama 3 Instruct's end_of_text and eot_id), else config.json's, plus
 * the tokenizer's eos_token.
 */
public record EndTokens(Set<Integer> ids) {
    public EndTokens {
        ids = Set.copyOf(ids);
    }

    public boolean contains(int id) {
        return ids.contains(id);
    }

    public static EndTokens of(Path folder, TokenizerConfig tokenizerConfig, TextTokenizer tokenizer) throws UserInputException, IOException {
        Set<Integer> ids = new TreeSet<>();
        Path generation = folder.resolve("generation_config.json");
        if (Files.isRegularFile(generation)) {
            add(Json.readObject(generation).get("eos_token_id"), ids);
        }
        if (ids.isEmpty() && Files.isRegularFile(folder.resolve("config.json"))) {
            add(Json.readObject(folder.resolve("config.json")).get("eos_token_id"), ids);
        }
        tokenizerConfig.eosToken().flatMap(t -> tokenizer.tokenId(t).isPresent()
                ? java.util.Optional.of(tokenizer.tokenId(t).getAsInt()) : java.util.Optional.empty()).ifPresent(ids::add);
        return new EndTokens(ids);
    }

    private static void add(JsonNode node, Set<Integer> ids) {
        if (node == null) {
            return;
        }
        if (node.isIntegralNumber()) {
            ids.add(node.intValue());
        } else if (node.isArray()) {
            node.forEach(n -> {
                if (n.isIntegralNumber()) {
                    ids.add(n.intValue());
                }
            });
        }
    }
}
