package dev.skillmerge.merge.plan;

/**
 * Command-line choices that change what a merge is allowed to do.
 *
 * @param allowCrimes        merge models whose config.json model_type differs (mergekit's --allow-crimes)
 * @param allowMissing       a tensor missing from an input is taken from the base instead of failing
 * @param allowVocabMismatch embeddings and heads of different vocabulary sizes merge over their common
 *                           rows; rows an input lacks come from the reference model
 * @param seed               seed of the random masks (DARE, DELLA)
 */
public record MergeOptions(boolean allowCrimes, boolean allowMissing, boolean allowVocabMismatch, long seed) {
    public static final MergeOptions DEFAULT = new MergeOptions(false, false, false, 0);
}
