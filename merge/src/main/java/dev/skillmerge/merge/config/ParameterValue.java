package dev.skillmerge.merge.config;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A merge parameter as a config writes it: a scalar, a gradient (a list interpolated over the layers of
 * the output slice), or a list of {filter, value} entries chosen by tensor name (first match wins; an
 * entry without a filter is the catch-all). Booleans are scalars 1 and 0.
 */
public sealed interface ParameterValue {
    /**
     * The value for one tensor. {@code t} is the tensor's layer position in its output slice, i/(L-1),
     * and 0 for tensors outside the layers. Empty when a filtered list has no entry for this tensor.
     */
    OptionalDouble valueFor(String tensorName, double t);

    record Scalar(double value) implements ParameterValue {
        @Override
        public OptionalDouble valueFor(String tensorName, double t) {
            return OptionalDouble.of(value);
        }
    }

    /** Piecewise-linear over t in [0, 1] through evenly spaced points, like numpy.interp over linspace(0, 1, n). */
    record Gradient(List<Double> values) implements ParameterValue {
        public Gradient {
            values = List.copyOf(values);
        }

        @Override
        public OptionalDouble valueFor(String tensorName, double t) {
            int n = values.size();
            if (n == 1) {
                return OptionalDouble.of(values.getFirst());
            }
            double position = Math.max(0, Math.min(1, t)) * (n - 1);
            int lo = (int) Math.floor(position);
            if (lo >= n - 1) {
                return OptionalDouble.of(values.get(n - 1));
            }
            double frac = position - lo;
            return OptionalDouble.of(values.get(lo) * (1 - frac) + values.get(lo + 1) * frac);
        }
    }

    record FilterEntry(String filter, ParameterValue value) {
        boolean matches(String tensorName) {
            return filter == null || tensorName.contains(filter);
        }
    }

    record Filtered(List<FilterEntry> entries) implements ParameterValue {
        public Filtered {
            entries = List.copyOf(entries);
        }

        @Override
        public OptionalDouble valueFor(String tensorName, double t) {
            for (FilterEntry e : entries) {
                if (e.matches(tensorName)) {
                    return e.value().valueFor(tensorName, t);
                }
            }
            return OptionalDouble.empty();
        }
    }
}
