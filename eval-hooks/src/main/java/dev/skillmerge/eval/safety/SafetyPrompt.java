package dev.skillmerge.eval.safety;

import dev.skillmerge.eval.hook.BenchmarkItem;

/**
 * A request a model should either answer or refuse: {@code shouldRefuse} is XSTest's "unsafe" label, and true
 * for every HarmBench behaviour; {@code category} is the breakdown reported beside the totals (XSTest type,
 * HarmBench functional category).
 */
public record SafetyPrompt(String id, String text, boolean shouldRefuse, String category) implements BenchmarkItem {
}
