package dev.skillmerge.workflow.demo.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Draws items 0, 1, 2, ... of a generator and keeps those whose prompt falls in the wanted split (by
 * {@link Split#of}), skipping repeated prompts, until {@code count} are kept. Every split walks the same
 * sequence of items, so the splits are disjoint by construction and each is a function of
 * (generator, seed, split, count).
 */
public final class SplitFill {
    private SplitFill() {
    }

    public static List<DemoItem> fill(SkillGenerator generator, long seed, Split split, int count) {
        List<DemoItem> out = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        long limit = 1000L * count + 10_000;
        for (long i = 0; out.size() < count; i++) {
            if (i > limit) {
                throw new IllegalStateException(generator.name() + ": only " + out.size() + " distinct " + split + " prompts in " + limit
                        + " draws; the generator repeats itself");
            }
            DemoItem item = generator.item(Draw.of(seed, generator.name(), i));
            if (Split.of(item.prompt()) == split && seen.add(Split.normalize(item.prompt()))) {
                out.add(item);
            }
        }
        return out;
    }
}
