package dev.skillmerge.eval.science;

import dev.skillmerge.eval.hook.BenchmarkItem;

/**
 * One SciRIFF-style instance: the full instruction and input the model sees, the gold output (text, or a
 * JSON list serialised as text), the metric, and the task (dataset) it belongs to, for per-task means.
 */
public record ScienceTask(String id, String task, String input, String output, ScienceMetric metric) implements BenchmarkItem {
}
