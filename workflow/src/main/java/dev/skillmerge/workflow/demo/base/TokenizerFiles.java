package dev.skillmerge.workflow.demo.base;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.runtime.llama2c.SentencePieceTokenizerJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Hugging Face tokenizer files of a learned {@link BpeTrainer.Vocabulary}, laid out as transformers
 * converts a Llama SentencePiece model (and as the runtime's llama2.c import writes tok512): ids 0-2 are
 * {@code <unk>}, {@code <s>}, {@code </s>}; 3-258 the byte pieces {@code <0x00>}..{@code <0xFF>} for byte
 * fallback; then the characters and the merged pieces. BOS is added before every text; no chat template,
 * so the runtime and the trainer use the built-in Tulu format.
 */
public final class TokenizerFiles {
    public static final List<String> SPECIALS = SentencePieceTokenizerJson.SPECIALS;
    public static final int FIRST_PIECE = SPECIALS.size() + 256;

    private TokenizerFiles() {
    }

    /** The full vocabulary size: specials, bytes and pieces. */
    public static int vocabularySize(BpeTrainer.Vocabulary v) {
        return FIRST_PIECE + BpeTrainer.ids(v, FIRST_PIECE).size();
    }

    public static void write(BpeTrainer.Vocabulary v, int contextLength, Path dir) throws IOException {
        Json.write(dir.resolve("tokenizer.json"), tokenizerJson(v));
        Json.write(dir.resolve("tokenizer_config.json"), SentencePieceTokenizerJson.tokenizerConfig(contextLength));
        ObjectNode special = Json.MAPPER.createObjectNode();
        special.put("bos_token", "<s>");
        special.put("eos_token", "</s>");
        special.put("unk_token", "<unk>");
        Json.write(dir.resolve("special_tokens_map.json"), special);
        ObjectNode generation = Json.MAPPER.createObjectNode();
        generation.put("bos_token_id", 1);
        generation.put("eos_token_id", 2);
        Json.write(dir.resolve("generation_config.json"), generation);
    }

    static ObjectNode tokenizerJson(BpeTrainer.Vocabulary v) {
        Map<String, Integer> vocabulary = new LinkedHashMap<>();
        for (int id = 0; id < SPECIALS.size(); id++) {
            vocabulary.put(SPECIALS.get(id), id);
        }
        for (int b = 0; b < 256; b++) {
            vocabulary.put(String.format(Locale.ROOT, "<0x%02X>", b), SPECIALS.size() + b);
        }
        vocabulary.putAll(BpeTrainer.ids(v, FIRST_PIECE));
        return SentencePieceTokenizerJson.of(vocabulary, v.merges());
    }
}
