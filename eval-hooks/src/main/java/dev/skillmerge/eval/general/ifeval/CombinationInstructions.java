package dev.skillmerge.eval.general.ifeval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** IFEval's "combination:*" instructions. */
final class CombinationInstructions {
    private CombinationInstructions() {
    }

    /** combination:two_responses: exactly two different responses separated by "******". */
    record TwoResponses() implements Instruction {
        @Override
        public boolean followedBy(String r) {
            String[] parts = r.split("\\*\\*\\*\\*\\*\\*", -1);
            List<String> valid = new ArrayList<>();
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].strip().isEmpty()) {
                    if (i != 0 && i != parts.length - 1) {
                        return false;
                    }
                } else {
                    valid.add(parts[i]);
                }
            }
            return valid.size() == 2 && !valid.get(0).strip().equals(valid.get(1).strip());
        }
    }

    /** combination:repeat_prompt: the response starts with the request, repeated word for word (case-insensitive). */
    record RepeatPrompt(String prompt) implements Instruction {
        @Override
        public boolean followedBy(String r) {
            return r.strip().toLowerCase(Locale.ROOT).startsWith(prompt.strip().toLowerCase(Locale.ROOT));
        }
    }
}
