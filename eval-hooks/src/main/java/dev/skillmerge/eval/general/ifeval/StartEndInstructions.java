package dev.skillmerge.eval.general.ifeval;

import java.util.Locale;

/** IFEval's "startend:*" instructions. */
final class StartEndInstructions {
    private StartEndInstructions() {
    }

    /** startend:end_checker: the response (less surrounding quotes) ends with the phrase, case-insensitive. */
    record EndPhrase(String phrase) implements Instruction {
        @Override
        public boolean followedBy(String r) {
            String v = Text.strip(r.strip(), "\"").toLowerCase(Locale.ROOT);
            return v.endsWith(phrase.strip().toLowerCase(Locale.ROOT));
        }
    }

    /** startend:quotation: the whole response is wrapped in double quotes. */
    record Quotation() implements Instruction {
        @Override
        public boolean followedBy(String r) {
            String v = r.strip();
            return v.length() > 1 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"';
        }
    }
}
