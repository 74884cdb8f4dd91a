package dev.skillmerge.eval.general.ifeval;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** IFEval's "keywords:*" instructions. Keywords are regular expressions in the official rules, and so here. */
final class KeywordInstructions {
    private KeywordInstructions() {
    }

    /** keywords:existence: every keyword appears (case-insensitive). */
    record Existence(List<String> keywords) implements Instruction {
        @Override
        public boolean followedBy(String r) {
            return keywords.stream().allMatch(k -> Text.compile(k, Pattern.CASE_INSENSITIVE).matcher(r).find());
        }
    }

    /** keywords:frequency: the keyword appears "less than" / "at least" {@code frequency} times. */
    record Frequency(String keyword, int frequency, Text.Relation relation) implements Instruction {
        @Override
        public boolean followedBy(String r) {
            return Text.compare(Text.count(Text.compile(keyword.strip(), Pattern.CASE_INSENSITIVE), r), relation, frequency);
        }
    }

    /** keywords:forbidden_words: no forbidden word appears as a whole word (case-insensitive). */
    record ForbiddenWords(List<String> words) implements Instruction {
        @Override
        public boolean followedBy(String r) {
            return words.stream().noneMatch(w -> Text.compile("\\b" + w + "\\b", Pattern.CASE_INSENSITIVE).matcher(r).find());
        }
    }

    /** keywords:letter_frequency: the letter (case-insensitive) appears "less than" / "at least" n times. */
    record LetterFrequency(String letter, int frequency, Text.Relation relation) implements Instruction {
        @Override
        public boolean followedBy(String r) {
            String lower = r.toLowerCase(Locale.ROOT);
            int c = letter.strip().toLowerCase(Locale.ROOT).codePointAt(0);
            return Text.compare((int) lower.codePoints().filter(x -> x == c).count(), relation, frequency);
        }
    }
}
