package dev.skillmerge.eval.hook;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a hook takes its items from: its bundled benchmark, or {@code file} (a user's or a skill suite's own
 * task set in the hook's documented format); {@code limit > 0} keeps only the first {@code limit} items.
 */
public record HookData(Optional<Path> file, int limit) {
    public HookData {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0");
        }
    }

    public static HookData bundled() {
        return new HookData(Optional.empty(), 0);
    }

    public static HookData of(Path file) {
        return new HookData(Optional.of(file), 0);
    }

    public <T> List<T> apply(List<T> items) {
        return limit > 0 && items.size() > limit ? List.copyOf(items.subList(0, limit)) : items;
    }
}
