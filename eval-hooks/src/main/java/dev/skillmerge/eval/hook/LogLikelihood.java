package dev.skillmerge.eval.hook;

/** The summed natural-log probability of a document's counted tokens, and how many tokens were counted. */
public record LogLikelihood(double logProbSum, long tokens) {
    public LogLikelihood {
        if (tokens < 0 || Double.isNaN(logProbSum) || logProbSum > 1e-9) {
            throw new IllegalArgumentException("need tokens >= 0 and a finite log-probability sum <= 0, got "
                    + logProbSum + " over " + tokens);
        }
    }
}
