package dev.skillmerge.eval.general.ifeval;

import dev.skillmerge.eval.hook.BenchmarkItem;
import java.util.List;

/** One IFEval prompt with its instructions (ids and the checkers built from their kwargs, in order). */
public record IfEvalPrompt(String id, String prompt, List<String> instructionIds, List<Instruction> instructions) implements BenchmarkItem {
    public IfEvalPrompt {
        instructionIds = List.copyOf(instructionIds);
        instructions = List.copyOf(instructions);
    }
}
