package dev.skillmerge.eval.general;

import dev.skillmerge.eval.hook.BenchmarkItem;

/** A grade-school math word problem and its final numeric answer (GSM8K's number after "####"). */
public record MathProblem(String id, String question, String answer) implements BenchmarkItem {
}
