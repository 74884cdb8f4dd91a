package dev.skillmerge.eval.hook;

import dev.skillmerge.checkpoint.UserInputException;
import java.io.IOException;
import java.util.List;

/**
 * A hook judged on generated text: prepare (load items) -> generate (by whoever runs the hook, through a
 * {@link Generator} or from recorded responses) -> score each output -> aggregate.
 */
public non-sealed interface GenerativeHook<T extends BenchmarkItem> extends Hook {
    /** Loads and validates the items; problems with the data are one-line {@link UserInputException}s. */
    List<T> load(HookData data) throws UserInputException, IOException;

    Prompt prompt(T item);

    /** Scores one output. Must be safe to call from several threads at once. */
    Score score(T item, String output) throws IOException, InterruptedException;

    /** Aggregates every scored sample of every item (items in load order, samples 0..n-1). */
    Metrics aggregate(List<ScoredSample<T>> samples);
}
