package dev.skillmerge.eval.run;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.eval.hook.BenchmarkItem;
import dev.skillmerge.eval.hook.ExternalHook;
import dev.skillmerge.eval.hook.GenerativeHook;
import dev.skillmerge.eval.hook.HeldOutDocument;
import dev.skillmerge.eval.hook.Hook;
import dev.skillmerge.eval.hook.HookData;
import dev.skillmerge.eval.hook.LikelihoodHook;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A hook with its items loaded. Every hook of a run is prepared before any is run, so that a missing or
 * malformed data file stops the run up front with one clear error instead of half-way through.
 */
public sealed interface PreparedHook permits PreparedHook.Generative, PreparedHook.Likelihood, PreparedHook.External {
    Hook hook();

    /** Number of items (documents for likelihood hooks; 0 for external hooks, which load their own). */
    int size();

    record Generative<T extends BenchmarkItem>(GenerativeHook<T> hook, List<T> items) implements PreparedHook {
        public Generative {
            items = List.copyOf(items);
            uniqueIds(hook, items.stream().map(BenchmarkItem::id).toList());
        }

        @Override
        public int size() {
            return items.size();
        }
    }

    record Likelihood(LikelihoodHook hook, List<HeldOutDocument> documents) implements PreparedHook {
        public Likelihood {
            documents = List.copyOf(documents);
            uniqueIds(hook, documents.stream().map(HeldOutDocument::id).toList());
        }

        @Override
        public int size() {
            return documents.size();
        }
    }

    record External(ExternalHook hook) implements PreparedHook {
        @Override
        public int size() {
            return 0;
        }
    }

    static PreparedHook prepare(Hook hook, HookData data) throws UserInputException, IOException {
        PreparedHook prepared = switch (hook) {
            case GenerativeHook<?> g -> generative(g, data);
            case LikelihoodHook l -> new Likelihood(l, data.apply(l.load(data)));
            case ExternalHook e -> new External(e);
        };
        if (!(prepared instanceof External) && prepared.size() == 0) {
            throw new UserInputException(hook.name() + ": " + data.file().map(Object::toString).orElse("bundled data") + " holds no items");
        }
        return prepared;
    }

    private static <T extends BenchmarkItem> Generative<T> generative(GenerativeHook<T> hook, HookData data) throws UserInputException, IOException {
        return new Generative<>(hook, data.apply(hook.load(data)));
    }

    private static void uniqueIds(Hook hook, List<String> ids) {
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                // Records are keyed by id, so a repeated id would make resume and score-only matching ambiguous.
                throw new IllegalArgumentException(hook.name() + ": item id " + id + " appears twice");
            }
        }
    }
}
