package dev.skillmerge.eval.general.ifeval;

import java.util.Locale;
import java.util.regex.Pattern;

/** IFEval's "detectable_content:*" instructions. */
final class ContentInstructions {
    private static final Pattern PLACEHOLDER = Text.compile("\\[.*?\\]", 0);

    private ContentInstructions() {
    }

    /** detectable_content:number_placeholders: at least n "[...]" placeholders. */
    record Placeholders(int count) implements Instruction {
        @Override
        public boolean followedBy(String r) {
            return Text.count(PLACEHOLDER, r) >= count;
        }
    }

    /** detectable_content:postscript: a postscript starting with the marker (P.S. / P.P.S / other), anywhere. */
    record Postscript(String marker) implements Instruction {
        @Override
        public boolean followedBy(String r) {
            String m = marker.strip();
            String regex = switch (m) {
                case "P.P.S" -> "\\s*p\\.\\s?p\\.\\s?s.*$";
                case "P.S." -> "\\s*p\\.\\s?s\\..*$";
                default -> "\\s*" + m.toLowerCase(Locale.ROOT) + ".*$";
            };
            return Text.compile(regex, Pattern.MULTILINE).matcher(r.toLowerCase(Locale.ROOT)).find();
        }
    }
}
