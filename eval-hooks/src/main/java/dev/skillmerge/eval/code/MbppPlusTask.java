package dev.skillmerge.eval.code;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.skillmerge.eval.hook.BenchmarkItem;

/**
 * One MBPP+ task: the problem statement, a reference solution whose outputs are the oracle, and the inputs
 * to run both on (the original MBPP inputs followed by EvalPlus's extra ones), as JSON argument lists.
 */
public record MbppPlusTask(String id, String description, String exampleAssertion, String entryPoint,
                           String canonicalSolution, ArrayNode inputs, double atol) implements BenchmarkItem {
}
