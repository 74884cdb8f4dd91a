package dev.skillmerge.eval.general.ifeval;

/** IFEval's "language:response_language". */
final class LanguageInstructions {
    private LanguageInstructions() {
    }

    /** The whole response is in the language with this ISO 639-1 code. */
    record ResponseLanguage(String language, LanguageId languages) implements Instruction {
        @Override
        public boolean followedBy(String r) {
            return languages.is(r, language);
        }
    }
}
