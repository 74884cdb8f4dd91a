package dev.skillmerge.merge.method;

/**
 * A merge that cannot proceed because of the user's config or inputs, found while merging one tensor
 * (weights that sum to zero under normalize, DELLA's density +/- epsilon out of range, ...). The runner
 * reports it as a one-line input error naming the tensor.
 */
public final class InvalidMergeException extends RuntimeException {
    public InvalidMergeException(String message) {
        super(message);
    }
}
