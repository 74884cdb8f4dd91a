package dev.skillmerge.eval.general.ifeval;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python string and regex semantics the IFEval rules rely on. Patterns use UNICODE_CHARACTER_CLASS (Python 3's
 * \w, \s, \b are Unicode) and UNIX_LINES (Python's . and $ stop at \n only).
 */
final class Text {
    static final int PY = Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNIX_LINES;
    private static final Pattern WORD = Pattern.compile("\\w+", PY);

    private Text() {
    }

    static Pattern compile(String regex, int flags) {
        return Pattern.compile(regex, PY | flags);
    }

    static int count(Pattern p, String s) {
        Matcher m = p.matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    static List<String> findAll(Pattern p, String s) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Python's re.split: like Java's split but trailing empty strings are kept. */
    static List<String> split(Pattern p, String s) {
        return List.of(p.split(s, -1));
    }

    /** IFEval's count_words: NLTK's RegexpTokenizer(r"\w+"). */
    static int words(String s) {
        return count(WORD, s);
    }

    /** Python str.strip(): Unicode whitespace at both ends. */
    static String strip(String s) {
        return s.strip();
    }

    /** Python str.strip(chars) for a set of single characters. */
    static String strip(String s, String chars) {
        int a = 0;
        int b = s.length();
        while (a < b && chars.indexOf(s.charAt(a)) >= 0) {
            a++;
        }
        while (b > a && chars.indexOf(s.charAt(b - 1)) >= 0) {
            b--;
        }
        return s.substring(a, b);
    }

    static String lstrip(String s, String chars) {
        int a = 0;
        while (a < s.length() && chars.indexOf(s.charAt(a)) >= 0) {
            a++;
        }
        return s.substring(a);
    }

    /** Python str.isupper(): at least one cased character and every cased character upper case. */
    static boolean isUpper(String s) {
        boolean cased = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isLowerCase(c) || Character.isTitleCase(c)) {
                return false;
            }
            cased |= Character.isUpperCase(c);
        }
        return cased;
    }

    /** Python str.islower(). */
    static boolean isLower(String s) {
        boolean cased = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isUpperCase(c) || Character.isTitleCase(c)) {
                return false;
            }
            cased |= Character.isLowerCase(c);
        }
        return cased;
    }

    /** Python's "a <op> b" for IFEval's two relations. */
    static boolean compare(int actual, Relation relation, int threshold) {
        return relation == Relation.LESS_THAN ? actual < threshold : actual >= threshold;
    }

    enum Relation {
        LESS_THAN, AT_LEAST;

        static Relation of(String s) {
            return switch (s) {
                case "less than" -> LESS_THAN;
                case "at least" -> AT_LEAST;
                default -> throw new IllegalArgumentException("relation must be \"less than\" or \"at least\", not \"" + s + "\"");
            };
        }
    }
}
