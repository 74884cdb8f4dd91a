package dev.skillmerge.eval.code;

import dev.skillmerge.eval.hook.BenchmarkItem;

/** One HumanEval problem: the function signature and docstring to complete, a reference body, and the tests. */
public record HumanEvalProblem(String id, String prompt, String canonicalSolution, String test, String entryPoint) implements BenchmarkItem {
}
