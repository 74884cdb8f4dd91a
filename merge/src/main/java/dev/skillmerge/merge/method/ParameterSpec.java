package dev.skillmerge.merge.method;

import java.util.Optional;

/**
 * A parameter a merge method accepts: its name, default (null when the user must give it), the
 * closed range of valid values, and whether each input model sets its own value (weight, density) or
 * the value applies to the whole tensor (normalize, t, lambda).
 */
public record ParameterSpec(String name, Double defaultValue, double min, double max, boolean perModel, String description) {
    public static ParameterSpec perModel(String name, Double defaultValue, double min, double max, String description) {
        return new ParameterSpec(name, defaultValue, min, max, true, description);
    }

    public static ParameterSpec global(String name, Double defaultValue, double min, double max, String description) {
        return new ParameterSpec(name, defaultValue, min, max, false, description);
    }

    public static ParameterSpec flag(String name, boolean defaultValue, String description) {
        return new ParameterSpec(name, defaultValue ? 1.0 : 0.0, 0, 1, false, description);
    }

    /** Why {@code value} is invalid, or empty when it is fine. */
    public Optional<String> problemWith(double value) {
        if (Double.isNaN(value) || value < min || value > max) {
            return Optional.of(name + " = " + value + " is outside [" + format(min) + ", " + format(max) + "]");
        }
        return Optional.empty();
    }

    private static String format(double v) {
        if (v == Double.MAX_VALUE || v == Double.POSITIVE_INFINITY) {
            return "inf";
        }
        if (v == -Double.MAX_VALUE || v == Double.NEGATIVE_INFINITY) {
            return "-inf";
        }
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
