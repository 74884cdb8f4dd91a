package dev.skillmerge.eval.hook;

import java.util.Map;

/**
 * The judgement of one output: {@code value} (1 = success, 0 = failure, or a fraction for partial credit),
 * a one-line {@code reason} a person can read, and hook-specific {@code details} that go into the record.
 */
public record Score(double value, String reason, Map<String, Object> details) {
    public Score {
        details = Map.copyOf(details);
    }

    public static Score pass(String reason) {
        return new Score(1, reason, Map.of());
    }

    public static Score fail(String reason) {
        return new Score(0, reason, Map.of());
    }

    public boolean passed() {
        return value >= 1;
    }
}
