package dev.skillmerge.runtime.chat;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hugging Face chat templates are Jinja run by Python, and call Python string methods and syntax that
 * jinjava (Jinja on Java) lacks. Before rendering, a template's source is rewritten to jinjava equivalents
 * with the same meaning:
 * <ul>
 *   <li>{@code s.startswith(x)} / {@code endswith}: Java's startsWith / endsWith;</li>
 *   <li>{@code s.strip()} / {@code lstrip()} / {@code rstrip()}: Java's strip / stripLeading / stripTrailing;
 *       with an argument (characters to remove) they become the filters {@code |py_strip(x)} etc.;</li>
 *   <li>{@code s.upper()} / {@code lower()}: toUpperCase / toLowerCase;</li>
 *   <li>{@code xs[::-1]}: {@code (xs|reverse)};</li>
 *   <li>{@code namespace(a=expr, ...)}: each value parenthesized, since jinjava binds {@code a=} tighter than
 *       the operators inside {@code expr}.</li>
 * </ul>
 * A template that needs more than this fails with jinjava's one-line message naming the construct.
 */
final class PythonIdioms {
    private static final Pattern STRIP_WITH_CHARS = Pattern.compile("\\.(l|r)?strip\\((\\s*'(?:[^'\\\\]|\\\\.)*'\\s*|\\s*\"(?:[^\"\\\\]|\\\\.)*\"\\s*)\\)");
    private static final Pattern REVERSED = Pattern.compile("([A-Za-z_][\\w.]*(?:\\[[^\\[\\]]*\\])*)\\[::-1\\]");
    private static final Pattern NAMESPACE = Pattern.compile("namespace\\(");

    private PythonIdioms() {
    }

    static String rewrite(String source) {
        String s = source.replace(".startswith(", ".startsWith(").replace(".endswith(", ".endsWith(")
                .replace(".strip()", ".strip()").replace(".lstrip()", ".stripLeading()").replace(".rstrip()", ".stripTrailing()")
                .replace(".upper()", ".toUpperCase()").replace(".lower()", ".toLowerCase()");
        s = stripWithCharsToFilters(s);
        s = REVERSED.matcher(s).replaceAll("($1|reverse)");
        return parenthesizeNamespaceArguments(s);
    }

    /** {@code recv.lstrip(x)} becomes {@code (recv|py_lstrip(x))}, parenthesized so method calls can follow it. */
    private static String stripWithCharsToFilters(String s) {
        Matcher m = STRIP_WITH_CHARS.matcher(s);
        while (m.find()) {
            int receiverStart = receiverStart(s, m.start());
            String replaced = "(" + s.substring(receiverStart, m.start()) + "|py_" + (m.group(1) == null ? "" : m.group(1))
                    + "strip(" + m.group(2) + "))";
            s = s.substring(0, receiverStart) + replaced + s.substring(m.end());
            m = STRIP_WITH_CHARS.matcher(s);
        }
        return s;
    }

    /** Where the postfix expression (names, dots, calls, indexing, a string literal) ending before {@code end} starts. */
    private static int receiverStart(String s, int end) {
        int i = end;
        while (i > 0) {
            char c = s.charAt(i - 1);
            if (c == ')' || c == ']') {
                i = matchingOpen(s, i - 1);
            } else if (c == '\'' || c == '"') {
                int open = s.lastIndexOf(c, i - 2);
                i = Math.max(open, 0);
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                i--;
            } else {
                break;
            }
        }
        return i;
    }

    private static int matchingOpen(String s, int close) {
        int depth = 0;
        for (int i = close; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == ')' || c == ']') {
                depth++;
            } else if ((c == '(' || c == '[') && --depth == 0) {
                return i;
            }
        }
        return 0;
    }

    private static String parenthesizeNamespaceArguments(String s) {
        StringBuilder out = new StringBuilder();
        Matcher m = NAMESPACE.matcher(s);
        int from = 0;
        while (m.find(from)) {
            int open = m.end();
            int close = matchingParen(s, open);
            if (close < 0) {
                break;
            }
            out.append(s, from, open);
            List<String> args = splitTopLevel(s.substring(open, close));
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                int eq = arg.indexOf('=');
                out.append(i == 0 ? "" : ",");
                if (eq > 0 && arg.substring(0, eq).trim().matches("\\w+") && (eq + 1 >= arg.length() || arg.charAt(eq + 1) != '=')) {
                    out.append(arg, 0, eq + 1).append('(').append(arg.substring(eq + 1).trim()).append(')');
                } else {
                    out.append(arg);
                }
            }
            out.append(')');
            from = close + 1;
        }
        out.append(s.substring(from));
        return out.toString();
    }

    private static int matchingParen(String s, int start) {
        int depth = 1;
        char quote = 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> splitTopLevel(String args) {
        List<String> out = new java.util.ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(args.substring(start, i));
                start = i + 1;
            }
        }
        out.add(args.substring(start));
        return out;
    }

    /** Python's str.strip(chars), lstrip(chars), rstrip(chars) as jinjava filters. */
    static List<Filter> filters() {
        return List.of(new StripFilter("py_strip", true, true), new StripFilter("py_lstrip", true, false),
                new StripFilter("py_rstrip", false, true));
    }

    private record StripFilter(String name, boolean left, boolean right) implements Filter {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            String s = var == null ? "" : var.toString();
            String chars = args.length == 0 || args[0] == null ? null : args[0];
            int begin = 0;
            int end = s.length();
            while (left && begin < end && strippable(s.charAt(begin), chars)) {
                begin++;
            }
            while (right && end > begin && strippable(s.charAt(end - 1), chars)) {
                end--;
            }
            return s.substring(begin, end);
        }

        private static boolean strippable(char c, String chars) {
            return chars == null ? Character.isWhitespace(c) : chars.indexOf(c) >= 0;
        }
    }
}
