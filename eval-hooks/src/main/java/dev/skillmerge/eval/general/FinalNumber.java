package dev.skillmerge.eval.general;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The final number of a chain-of-thought answer. Strict: the number in "The answer is N" (the exemplars'
 * closing phrase); flexible: otherwise the last number in the text (lm-evaluation-harness's two filters).
 * Numbers compare by value after dropping thousands separators, "$" and a trailing period, so "1,000.00"
 * matches "1000".
 */
public final class FinalNumber {
    private static final String NUMBER = "-?[$]?\\d[\\d,]*(?:\\.\\d+)?";
    private static final Pattern STRICT = Pattern.compile("[Tt]he answer is:?\\s*(" + NUMBER + ")");
    private static final Pattern ANY = Pattern.compile(NUMBER);

    /** How the number was found. */
    public enum Source { STRICT, LAST_NUMBER }

    public record Extracted(BigDecimal value, Source source) {
    }

    private FinalNumber() {
    }

    public static Optional<Extracted> extract(String output) {
        Matcher m = STRICT.matcher(output);
        if (m.find()) {
            return parse(m.group(1)).map(v -> new Extracted(v, Source.STRICT));
        }
        Matcher any = ANY.matcher(output);
        String last = null;
        while (any.find()) {
            last = any.group();
        }
        return last == null ? Optional.empty() : parse(last).map(v -> new Extracted(v, Source.LAST_NUMBER));
    }

    public static Optional<BigDecimal> parse(String number) {
        String s = number.replace(",", "").replace("$", "").strip();
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            return Optional.of(new BigDecimal(s).stripTrailingZeros());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
