package dev.skillmerge.eval.general.ifeval;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word tokens as NLTK's word_tokenize (Treebank rules) makes them, for IFEval's count of all-capital words:
 * punctuation split off, hyphenated words kept whole, and contractions split ("DON'T" -> "DO", "N'T").
 * A simplified port: enough for counting upper-case words, not a general tokenizer.
 */
final class Tokens {
    private static final Pattern TOKEN = Pattern.compile(
            "(?i)[\\p{L}\\p{N}]+(?:[-_.][\\p{L}\\p{N}]+)*(?=n't\\b)|n't\\b|'(?:s|m|d|ll|re|ve)\\b|[\\p{L}\\p{N}]+(?:[-_.][\\p{L}\\p{N}]+)*|[^\\s\\p{L}\\p{N}]+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private Tokens() {
    }

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
