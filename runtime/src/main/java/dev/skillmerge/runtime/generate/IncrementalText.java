package dev.skillmerge.runtime.generate;

import dev.skillmerge.runtime.tokenizer.TextTokenizer;
import java.util.Arrays;

/**
 * The text of generated tokens as they arrive. A completion is decoded together with the end of its
 * prompt and the prompt's own text cut off: decoding the new tokens alone would lose what depends on
 * context (SentencePiece decoders strip the first token's leading space; byte pieces may complete a
 * character the prompt began).
 */
final class IncrementalText {
    private static final int CONTEXT_TOKENS = 8;
    private final TextTokenizer tokenizer;
    private final int[] context;
    private final String contextText;
    private int[] tokens = new int[16];
    private int count;

    IncrementalText(TextTokenizer tokenizer, int[] prompt) {
        this.tokenizer = tokenizer;
        int[] tail = Arrays.copyOfRange(prompt, Math.max(0, prompt.length - CONTEXT_TOKENS), prompt.length);
        String tailText = tokenizer.decode(tail);
        String fullText = tokenizer.decode(prompt);
        // a window that cuts a character or a leading-space rule in two decodes differently: use the whole prompt then
        boolean windowIsExact = fullText.endsWith(tailText);
        this.context = windowIsExact ? tail : prompt;
        this.contextText = windowIsExact ? tailText : fullText;
    }

    void add(int token) {
        if (count == tokens.length) {
            tokens = Arrays.copyOf(tokens, count * 2);
        }
        tokens[count++] = token;
    }

    /** The completion's text so far. */
    String text() {
        int[] all = Arrays.copyOf(context, context.length + count);
        System.arraycopy(tokens, 0, all, context.length, count);
        String decoded = tokenizer.decode(all);
        return decoded.startsWith(contextText) ? decoded.substring(contextText.length()) : tokenizer.decode(Arrays.copyOf(tokens, count));
    }
}
