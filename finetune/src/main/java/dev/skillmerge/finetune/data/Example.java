package dev.skillmerge.finetune.data;

/**
 * A tokenized training example: its tokens and which of them the model learns to predict
 * ({@code trained[i]}: the loss includes predicting token i from tokens 0..i-1; token 0 is never predicted).
 * The model reads positions 0..n-2 and predicts tokens 1..n-1.
 */
public record Example(int[] tokens, boolean[] trained, Source source) {
    public Example {
        if (tokens.length < 2 || trained.length != tokens.length) {
            throw new IllegalArgumentException(source + ": an example needs at least two tokens and one flag per token");
        }
    }

    /** The positions the model reads: every token but the last. */
    public int length() {
        return tokens.length - 1;
    }

    /** How many tokens the loss covers. */
    public int trainedTokens() {
        int n = 0;
        for (int i = 1; i < trained.length; i++) {
            n += trained[i] ? 1 : 0;
        }
        return n;
    }
}
