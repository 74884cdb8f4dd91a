package dev.skillmerge.eval.hook;

import java.io.IOException;
import java.util.List;

/**
 * The log-probability port for held-out loss and perplexity: the embedded runtime implements it with one
 * forward pass per document (teacher forcing); an OpenAI-compatible server can through {@code echo + logprobs}
 * on the completions endpoint.
 */
public interface LogProbScorer {
    /**
     * @return one entry per document, in order: the sum of ln p(token | previous tokens) over the counted
     *         tokens (see {@link HeldOutDocument}) and their number. The first token of a document has no
     *         context and is not counted.
     */
    List<LogLikelihood> score(List<HeldOutDocument> documents) throws IOException, InterruptedException;

    String describe();
}
