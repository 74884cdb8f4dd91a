package dev.skillmerge.workflow.demo.base;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.hf.Json;
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
    public static final List<String> SPECIALS = List.of("<unk>", "<s>", "</s>");
    public static final int FIRST_PIECE = SPECIALS.size() + 256;

    private TokenizerFiles() {
    }

    /** The full vocabulary size: specials, bytes and pieces. */
    public static int vocabularySize(BpeTrainer.Vocabulary v) {
        return FIRST_PIECE + BpeTrainer.ids(v, FIRST_PIECE).size();
    }

    public static void write(BpeTrainer.Vocabulary v, int contextLength, Path dir) throws IOException {
        Json.write(dir.resolve("tokenizer.json"), tokenizerJson(v));
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        config.put("add_bos_token", true);
        config.put("add_eos_token", false);
        config.put("bos_token", "<s>");
        config.put("eos_token", "</s>");
        config.put("unk_token", "<unk>");
        config.putNull("pad_token");
        config.put("clean_up_tokenization_spaces", false);
        config.put("model_max_length", contextLength);
        Json.write(dir.resolve("tokenizer_config.json"), config);
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
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int id = 0; id < SPECIALS.size(); id++) {
            added.addObject().put("id", id).put("content", SPECIALS.get(id)).put("single_word", false).put("lstrip", false)
                    .put("rstrip", false).put("normalized", false).put("special", true);
        }
        ObjectNode normalizer = root.putObject("normalizer").put("type", "Sequence");
        ArrayNode normalizers = normalizer.putArray("normalizers");
        normalizers.addObject().put("type", "Prepend").put("prepend", BpeTrainer.SPACE);
        ObjectNode replace = normalizers.addObject().put("type", "Replace");
        replace.putObject("pattern").put("String", " ");
        replace.put("content", BpeTrainer.SPACE);
        root.putNull("pre_tokenizer");
        root.set("post_processor", bosTemplate());
        root.set("decoder", decoder());
        ObjectNode m = root.putObject("model").put("type", "BPE");
        m.putNull("dropout");
        m.put("unk_token", "<unk>");
        m.putNull("continuing_subword_prefix");
        m.putNull("end_of_word_suffix");
        m.put("fuse_unk", true);
        m.put("byte_fallback", true);
        m.put("ignore_merges", false);
        ObjectNode vocab = m.putObject("vocab");
        for (int id = 0; id < SPECIALS.size(); id++) {
            vocab.put(SPECIALS.get(id), id);
        }
        for (int b = 0; b < 256; b++) {
            vocab.put(String.format(Locale.ROOT, "<0x%02X>", b), SPECIALS.size() + b);
        }
        Map<String, Integer> ids = new LinkedHashMap<>(BpeTrainer.ids(v, FIRST_PIECE));
        ids.forEach(vocab::put);
        ArrayNode merges = m.putArray("merges");
        for (String[] merge : v.merges()) {
            merges.addArray().add(merge[0]).add(merge[1]);
        }
        return root;
    }

    private static ObjectNode bosTemplate() {
        ObjectNode p = Json.MAPPER.createObjectNode().put("type", "TemplateProcessing");
        ArrayNode single = p.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = p.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 1);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode bos = p.putObject("special_tokens").putObject("<s>").put("id", "<s>");
        bos.putArray("ids").add(1);
        bos.putArray("tokens").add("<s>");
        return p;
    }

    private static ObjectNode decoder() {
        ObjectNode d = Json.MAPPER.createObjectNode().put("type", "Sequence");
        ArrayNode decoders = d.putArray("decoders");
        ObjectNode replace = decoders.addObject().put("type", "Replace");
        replace.putObject("pattern").put("String", BpeTrainer.SPACE);
        replace.put("content", " ");
        decoders.addObject().put("type", "ByteFallback");
        decoders.addObject().put("type", "Fuse");
        decoders.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
        return d;
    }
}
