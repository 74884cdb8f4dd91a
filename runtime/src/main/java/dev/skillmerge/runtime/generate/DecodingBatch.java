package dev.skillmerge.runtime.generate;

import dev.skillmerge.runtime.model.BatchSession;
import dev.skillmerge.runtime.model.LlamaModel;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Continuations decoded together: every prompt is prefilled, then each step feeds every running row its last
 * token at once, so a step costs one forward pass (the same few hundred engine calls) whatever the batch
 * size. A row leaves the batch as soon as its completion ends.
 */
final class DecodingBatch {
    private DecodingBatch() {
    }

    /** Runs {@code continuations} (one per prompt, same order) until every one has ended. */
    static void run(LlamaModel model, List<int[]> prompts, List<Continuation> continuations) {
        int longest = prompts.stream().mapToInt(p -> p.length).max().orElseThrow();
        int capacity = longest + continuations.stream().mapToInt(Continuation::maxFedTokens).max().orElseThrow();
        try (BatchSession session = new BatchSession(model, prompts, capacity)) {
            // running[r] is the continuation in row r of the session
            int[] running = IntStream.range(0, prompts.size()).filter(i -> !continuations.get(i).offer(session.promptLogits(i))).toArray();
            session.keep(running);
            while (running.length > 0) {
                int[] current = running;
                int[] tokens = Arrays.stream(current).map(i -> continuations.get(i).lastToken()).toArray();
                float[][] logits = session.step(tokens);
                int[] rows = IntStream.range(0, current.length).filter(r -> !continuations.get(current[r]).offer(logits[r])).toArray();
                session.keep(rows);
                running = Arrays.stream(rows).map(r -> current[r]).toArray();
            }
        }
    }
}
