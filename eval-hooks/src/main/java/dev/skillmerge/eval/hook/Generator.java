package dev.skillmerge.eval.hook;

import java.io.IOException;
import java.util.List;

/**
 * The generation port: the embedded runtime and an OpenAI-compatible client implement it; hooks never
 * talk to a model directly. Batched so a backend can decode many prompts at once.
 */
public interface Generator {
    /**
     * Completes every prompt {@code options.samples()} times.
     *
     * @return one list per prompt, in the order of {@code prompts}, each holding exactly
     *         {@code options.samples()} outputs: the generated text only (not the prompt), already cut at the
     *         prompt's first stop string, at most {@code prompt.maxTokens()} tokens long
     */
    List<List<String>> complete(List<Prompt> prompts, SamplingOptions options) throws IOException, InterruptedException;

    /** A short name for summaries, e.g. "embedded:stories260K" or "openai:http://localhost:8000/v1 (model x)". */
    String describe();
}
