package dev.skillmerge.eval.run;

/** Which output a record is about: the benchmark item id and the sample index (0-based). */
public record RecordKey(String id, int sample) {
}
