package dev.skillmerge.eval.run;

import dev.skillmerge.eval.hook.Metrics;
import java.util.Optional;

/**
 * How one hook's run ended. {@code scored} counts samples with a record, {@code missing} the items that got
 * no output at all (score-only runs whose responses file lacks them); metrics cover the scored samples only.
 */
public record HookOutcome(String hook, Status status, Optional<Metrics> metrics, int items, int scored, int missing,
                          double seconds, Optional<String> error, Optional<String> records) {
    public enum Status {
        OK, FAILED;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static HookOutcome failed(String hook, String error, double seconds, Optional<String> records) {
        return new HookOutcome(hook, Status.FAILED, Optional.empty(), 0, 0, 0, seconds, Optional.of(error), records);
    }
}
