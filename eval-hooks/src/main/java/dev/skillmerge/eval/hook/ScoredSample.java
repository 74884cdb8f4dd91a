package dev.skillmerge.eval.hook;

/** One scored output: the item, which of its samples (0-based), and the score. */
public record ScoredSample<T extends BenchmarkItem>(T item, int sample, Score score) {
}
