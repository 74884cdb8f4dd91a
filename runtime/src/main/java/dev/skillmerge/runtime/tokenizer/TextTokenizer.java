package dev.skillmerge.runtime.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.runtime.engine.TorchEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * A Hugging Face tokenizer.json run by DJL's binding of the Rust tokenizers library (its native library
 * ships inside the jar, so this works offline). Ids are ints; decoding drops special tokens.
 */
public final class TextTokenizer implements AutoCloseable {
    public static final String FILE_NAME = "tokenizer.json";

    private final HuggingFaceTokenizer tokenizer;

    private TextTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Opens {@code tokenizer.json} in a model folder, or a tokenizer.json file itself. */
    public static TextTokenizer open(Path folderOrFile) throws UserInputException, IOException {
        Path file = Files.isDirectory(folderOrFile) ? folderOrFile.resolve(FILE_NAME) : folderOrFile;
        if (!Files.isRegularFile(file)) {
            throw UserInputException.about(folderOrFile, "has no " + FILE_NAME + "; the runtime needs the model's fast tokenizer"
                    + " (transformers: AutoTokenizer.from_pretrained(dir).save_pretrained(dir) writes it)");
        }
        TorchEngine.configureNatives();
        try {
            return new TextTokenizer(HuggingFaceTokenizer.builder().optTokenizerPath(file).optAddSpecialTokens(true)
                    .optTruncation(false).optPadding(false).build());
        } catch (RuntimeException e) {
            throw UserInputException.about(file, "is not a tokenizer the tokenizers library can load: " + firstLine(e.getMessage()));
        }
    }

    /** Token ids of {@code text}; with {@code addSpecialTokens} the tokenizer's post-processor adds e.g. BOS. */
    public int[] encode(String text, boolean addSpecialTokens) {
        Encoding encoding = tokenizer.encode(text, addSpecialTokens, false);
        long[] ids = encoding.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /**
     * Token ids of {@code text} with the character offset in {@code text} where each token starts (-1 for a
     * token the tokenizer added, such as BOS): what a trainer needs to learn only some spans of a text.
     */
    public Encoded encodeWithOffsets(String text, boolean addSpecialTokens) {
        Encoding encoding = tokenizer.encode(text, addSpecialTokens, false);
        long[] ids = encoding.getIds();
        CharSpan[] spans = encoding.getCharTokenSpans();
        int[] out = new int[ids.length];
        int[] starts = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
            starts[i] = spans[i] == null ? -1 : spans[i].getStart();
        }
        return new Encoded(out, starts);
    }

    /** Token ids and the character offset where each starts (-1: added by the tokenizer, not in the text). */
    public record Encoded(int[] ids, int[] charStarts) {
    }

    /** The text of {@code ids}, special tokens dropped. */
    public String decode(int[] ids) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longs[i] = ids[i];
        }
        return tokenizer.decode(longs, true);
    }

    /** The id of a token that the tokenizer matches whole (a special or added token), if it has one. */
    public OptionalInt tokenId(String token) {
        int[] ids = encode(token, false);
        return ids.length == 1 ? OptionalInt.of(ids[0]) : OptionalInt.empty();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
