package dev.skillmerge.workflow.sweep;

import dev.skillmerge.checkpoint.UserInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * The points of a sweep, in a fixed order (method, subset, weight, density), and the share of them a
 * shard {@code i/n} runs: points whose index modulo n is i - 1, so n machines split any grid evenly.
 */
public final class SweepGrid {
    private SweepGrid() {
    }

    public static List<SweepPoint> points(SweepSpec spec) {
        List<SweepPoint> out = new ArrayList<>();
        for (String method : spec.methods()) {
            for (List<String> subset : spec.subsets()) {
                for (double weight : spec.weights()) {
                    boolean sparsifying = new SweepPoint(0, method, weight, 1, subset).usesDensity();
                    for (double density : sparsifying ? spec.densities() : List.of(1.0)) {
                        out.add(new SweepPoint(out.size(), method, weight, density, subset));
                    }
                }
            }
        }
        return out;
    }

    public record Shard(int index, int count) {
        public static Shard parse(String text) throws UserInputException {
            String[] parts = text.split("/");
            try {
                int i = Integer.parseInt(parts[0]);
                int n = Integer.parseInt(parts[1]);
                if (parts.length != 2 || n < 1 || i < 1 || i > n) {
                    throw new NumberFormatException();
                }
                return new Shard(i, n);
            } catch (RuntimeException e) {
                throw new UserInputException("--shard '" + text + "' must be i/n with 1 <= i <= n, e.g. 2/8");
            }
        }

        public boolean contains(SweepPoint p) {
            return p.index() % count == index - 1;
        }
    }
}
