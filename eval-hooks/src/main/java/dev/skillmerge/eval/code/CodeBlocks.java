package dev.skillmerge.eval.code;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the code in a model's answer: chat models wrap it in markdown fences, base models write it bare. */
public final class CodeBlocks {
    private static final Pattern FENCE = Pattern.compile("```[ \\t]*([A-Za-z0-9_+-]*)[^\\n]*\\n(.*?)(?:```|\\z)", Pattern.DOTALL);

    private CodeBlocks() {
    }

    /** The contents of every fenced block, in order (an unclosed last fence runs to the end). */
    public static List<String> fenced(String text) {
        List<String> blocks = new ArrayList<>();
        Matcher m = FENCE.matcher(text);
        while (m.find()) {
            blocks.add(m.group(2));
        }
        return blocks;
    }

    /**
     * The block that defines {@code entryPoint}, else the first block, else the whole text when it has no
     * fences at all.
     */
    public static String pick(String text, String entryPoint) {
        List<String> blocks = fenced(text);
        if (blocks.isEmpty()) {
            return text;
        }
        for (String b : blocks) {
            if (defines(b, entryPoint)) {
                return b;
            }
        }
        return blocks.getFirst();
    }

    public static boolean defines(String code, String function) {
        return Pattern.compile("(?m)^\\s*def\\s+" + Pattern.quote(function) + "\\s*\\(").matcher(code).find();
    }
}
