package dev.skillmerge.eval.hook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hook's aggregate numbers, in a stable order. {@code primary} names the headline value (e.g. "pass@1");
 * breakdowns use a slash, e.g. "refusal_rate/contrast_homonyms". Rates are fractions in [0, 1].
 */
public record Metrics(String primary, Map<String, Double> values) {
    public Metrics {
        if (!values.containsKey(primary)) {
            throw new IllegalArgumentException("primary metric " + primary + " is not among " + values.keySet());
        }
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public double primaryValue() {
        return values.get(primary);
    }
}
