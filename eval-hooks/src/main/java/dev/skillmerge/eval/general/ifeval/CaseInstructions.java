package dev.skillmerge.eval.general.ifeval;

/** IFEval's "change_case:*" instructions and "punctuation:no_comma". */
final class CaseInstructions {
    private CaseInstructions() {
    }

    /** change_case:capital_word_frequency: all-capital words (NLTK tokens) "less than" / "at least" n. */
    record CapitalWordFrequency(int count, Text.Relation relation) implements Instruction {
        @Override
        public boolean followedBy(String r) {
            return Text.compare((int) Tokens.split(r).stream().filter(Text::isUpper).count(), relation, count);
        }
    }

    /** change_case:english_capital: all capital letters, and English (undetectable language counts as followed). */
    record EnglishCapital(LanguageId languages) implements Instruction {
        @Override
        public boolean followedBy(String r) {
            return Text.isUpper(r) && languages.is(r, "en");
        }
    }

    /** change_case:english_lowercase: all lower-case letters, and English. */
    record EnglishLowercase(LanguageId languages) implements Instruction {
        @Override
        public boolean followedBy(String r) {
            return Text.isLower(r) && languages.is(r, "en");
        }
    }

    /** punctuation:no_comma. */
    record NoComma() implements Instruction {
        @Override
        public boolean followedBy(String r) {
            return r.indexOf(',') < 0;
        }
    }
}
