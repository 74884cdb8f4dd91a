package dev.skillmerge.eval.hook;

import dev.skillmerge.checkpoint.UserInputException;
import java.io.IOException;
import java.util.List;

/** A hook judged on the model's log-probabilities of held-out documents (through a {@link LogProbScorer}). */
public non-sealed interface LikelihoodHook extends Hook {
    List<HeldOutDocument> load(HookData data) throws UserInputException, IOException;

    /** Aggregates the likelihood of every document (same order as loaded). */
    Metrics aggregate(List<LogLikelihood> likelihoods);
}
