package dev.skillmerge.merge.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A {@code parameters:} block: parameter name to value, in the order written. */
public record Parameters(Map<String, ParameterValue> values) {
    public static final Parameters NONE = new Parameters(Map.of());

    public Parameters {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Optional<ParameterValue> get(String name) {
        return Optional.ofNullable(values.get(name));
    }
}
