package dev.skillmerge.workflow.regress;

import dev.skillmerge.checkpoint.UserInputException;

/**
 * How far a metric may fall before it counts as a regression: {@code gsm8k/accuracy=0.01} (absolute),
 * {@code xstest=2%} (relative to the baseline), {@code *=0.005} (every hook's primary metric).
 * "Falling" is an increase for losses and perplexities.
 */
public record Tolerance(String metric, double amount, boolean relative) {
    public static final String EVERY_PRIMARY = "*";

    public static Tolerance parse(String text) throws UserInputException {
        int eq = text.lastIndexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new UserInputException("--max-drop '" + text + "' must be METRIC=AMOUNT, e.g. gsm8k/accuracy=0.01, xstest=2% or *=0.01");
        }
        String metric = text.substring(0, eq).trim();
        String amount = text.substring(eq + 1).trim();
        boolean relative = amount.endsWith("%");
        try {
            double value = Double.parseDouble(relative ? amount.substring(0, amount.length() - 1) : amount);
            if (!(value >= 0)) {
                throw new NumberFormatException();
            }
            return new Tolerance(metric, relative ? value / 100 : value, relative);
        } catch (NumberFormatException e) {
            throw new UserInputException("--max-drop '" + text + "': '" + amount + "' is not a non-negative number or percentage");
        }
    }

    /** The largest allowed drop for a metric whose baseline value is {@code baseline}. */
    public double allowedDrop(double baseline) {
        return relative ? amount * Math.abs(baseline) : amount;
    }

    public String describe() {
        double shown = relative ? amount * 100 : amount;
        return java.math.BigDecimal.valueOf(shown).stripTrailingZeros().toPlainString() + (relative ? "%" : "");
    }
}
