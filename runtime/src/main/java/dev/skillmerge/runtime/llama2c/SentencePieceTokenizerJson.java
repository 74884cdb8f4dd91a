package dev.skillmerge.runtime.llama2c;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.hf.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face tokenizer.json that encodes exactly as llama2.c's {@code encode} does with a
 * {@link Llama2cVocabulary}, built the way transformers converts a Llama SentencePiece model:
 * <ul>
 *   <li>normalizer: prepend "▁" to non-empty text (llama2.c's dummy prefix) and turn spaces into "▁";</li>
 *   <li>model: BPE over characters with byte fallback, whose merges are every pair of pieces that
 *       concatenate to a piece, ranked by the merged piece's score, best first. llama2.c merges the adjacent
 *       pair whose concatenation scores best (leftmost on ties); BPE merges the best-ranked pair (leftmost
 *       on ties), which picks the same merge at every step;</li>
 *   <li>post-processor: BOS before the text; decoder: "▁" back to spaces, byte pieces to bytes, and the
 *       leading space stripped (llama2.c strips it from the piece after BOS).</li>
 * </ul>
 */
public final class SentencePieceTokenizerJson {
    public static final String SPACE = "\u2581";
    /** Ids 0, 1, 2: unknown, BOS, EOS. */
    public static final List<String> SPECIALS = List.of("<unk>", "<s>", "</s>");

    private SentencePieceTokenizerJson() {
    }

    /** The piece as tokenizer.json spells it: SentencePiece's "▁" for spaces, plain names for the specials. */
    static String hfPiece(Llama2cVocabulary vocabulary, int id) {
        return id < SPECIALS.size() ? SPECIALS.get(id) : vocabulary.pieces().get(id).replace(" ", SPACE);
    }

    public static ObjectNode build(Llama2cVocabulary vocabulary) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int id = 0; id < vocabulary.size(); id++) {
            String piece = hfPiece(vocabulary, id);
            if (ids.putIfAbsent(piece, id) != null) {
                throw new IllegalArgumentException("piece '" + piece + "' appears twice in the vocabulary");
            }
        }
        return of(ids, merges(vocabulary, ids));
    }

    /**
     * The tokenizer.json of any vocabulary laid out this way (the specials first, pieces spelled with "▁"),
     * with its BPE merges in rank order: shared by the llama2.c import and tokenizers learned elsewhere.
     */
    public static ObjectNode of(Map<String, Integer> vocabulary, List<String[]> merges) {
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
        normalizers.addObject().put("type", "Prepend").put("prepend", SPACE);
        ObjectNode replace = normalizers.addObject().put("type", "Replace");
        replace.putObject("pattern").put("String", " ");
        replace.put("content", SPACE);
        root.putNull("pre_tokenizer");
        root.set("post_processor", bosTemplate());
        root.set("decoder", decoder());
        root.set("model", model(vocabulary, merges));
        return root;
    }

    /** tokenizer_config.json for such a tokenizer: BOS added before every text, no EOS, no pad token. */
    public static ObjectNode tokenizerConfig(int contextLength) {
        ObjectNode t = Json.MAPPER.createObjectNode();
        t.put("tokenizer_class", "PreTrainedTokenizerFast");
        t.put("add_bos_token", true);
        t.put("add_eos_token", false);
        t.put("bos_token", "<s>");
        t.put("eos_token", "</s>");
        t.put("unk_token", "<unk>");
        t.putNull("pad_token");
        t.put("clean_up_tokenization_spaces", false);
        t.put("model_max_length", contextLength);
        return t;
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
        replace.putObject("pattern").put("String", SPACE);
        replace.put("content", " ");
        decoders.addObject().put("type", "ByteFallback");
        decoders.addObject().put("type", "Fuse");
        decoders.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
        return d;
    }

    private static ObjectNode model(Map<String, Integer> vocabulary, List<String[]> merges) {
        ObjectNode m = Json.MAPPER.createObjectNode().put("type", "BPE");
        m.putNull("dropout");
        m.put("unk_token", "<unk>");
        m.putNull("continuing_subword_prefix");
        m.putNull("end_of_word_suffix");
        m.put("fuse_unk", true);
        m.put("byte_fallback", true);
        m.put("ignore_merges", false);
        ObjectNode vocab = m.putObject("vocab");
        vocabulary.forEach(vocab::put);
        ArrayNode out = m.putArray("merges");
        for (String[] merge : merges) {
            out.addArray().add(merge[0]).add(merge[1]);
        }
        return m;
    }

    /** Every (left, right) whose concatenation is a piece, best-scoring merged piece first (lower id on equal scores). */
    static List<String[]> merges(Llama2cVocabulary vocabulary, Map<String, Integer> ids) {
        record Merge(String left, String right, int merged) {
        }
        List<Merge> all = new ArrayList<>();
        for (int id = SPECIALS.size(); id < vocabulary.size(); id++) {
            String piece = hfPiece(vocabulary, id);
            for (int cut = piece.offsetByCodePoints(0, 1); cut < piece.length(); cut = piece.offsetByCodePoints(cut, 1)) {
                String left = piece.substring(0, cut);
                String right = piece.substring(cut);
                Integer l = ids.get(left);
                Integer r = ids.get(right);
                if (l != null && r != null && l >= SPECIALS.size() && r >= SPECIALS.size()) {
                    all.add(new Merge(left, right, id));
                }
            }
        }
        all.sort(Comparator.comparingDouble((Merge x) -> -vocabulary.score(x.merged())).thenComparingInt(Merge::merged));
        return all.stream().map(x -> new String[] {x.left(), x.right()}).toList();
    }
}
