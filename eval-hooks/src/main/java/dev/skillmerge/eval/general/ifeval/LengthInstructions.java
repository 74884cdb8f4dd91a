package dev.skillmerge.eval.general.ifeval;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** IFEval's "length_constraints:*" instructions. */
final class LengthInstructions {
    private static final Pattern DIVIDER = Text.compile("\\s?\\*\\*\\*\\s?", 0);
    private static final Pattern BLANK_LINE = Pattern.compile("\\n\\n");
    private static final String FIRST_WORD_STOPS = ".,?!'\"";

    private LengthInstructions() {
    }

    /** length_constraints:number_sentences. */
    record Sentences(int count, Text.Relation relation) implements Instruction {
        @Override
        public boolean followedBy(String r) {
            return Text.compare(dev.skillmerge.eval.general.ifeval.Sentences.count(r), relation, count);
        }
    }

    /** length_constraints:number_words: NLTK \w+ tokens. */
    record Words(int count, Text.Relation relation) implements Instruction {
        @Override
        public boolean followedBy(String r) {
            return Text.compare(Text.words(r), relation, count);
        }
    }

    /** length_constraints:number_paragraphs: exactly n paragraphs separated by "***"; no empty one inside. */
    record Paragraphs(int count) implements Instruction {
        @Override
        public boolean followedBy(String r) {
            List<String> parts = Text.split(DIVIDER, r);
            int n = parts.size();
            for (int i = 0; i < parts.size(); i++) {
                if (parts.get(i).strip().isEmpty()) {
                    if (i == 0 || i == parts.size() - 1) {
                        n--;
                    } else {
                        return false;
                    }
                }
            }
            return n == count;
        }
    }

    /**
     * length_constraints:nth_paragraph_first_word: n paragraphs separated by blank lines, and paragraph
     * {@code nth} (1-based, counted over the raw split as the official rule does) starts with the word.
     */
    record NthParagraphFirstWord(int count, int nth, String firstWord) implements Instruction {
        @Override
        public boolean followedBy(String r) {
            List<String> parts = Text.split(BLANK_LINE, r);
            int n = (int) parts.stream().filter(p -> !p.strip().isEmpty()).count();
            if (nth > n) {
                return false;
            }
            String paragraph = parts.get(nth - 1).strip();
            if (paragraph.isEmpty()) {
                return false;
            }
            String word = Text.lstrip(Text.lstrip(paragraph.split("\\s+")[0].strip(), "'"), "\"");
            StringBuilder first = new StringBuilder();
            for (int i = 0; i < word.length() && FIRST_WORD_STOPS.indexOf(word.charAt(i)) < 0; i++) {
                first.append(Character.toLowerCase(word.charAt(i)));
            }
            return n == count && first.toString().equals(firstWord.toLowerCase(Locale.ROOT));
        }
    }
}
