package dev.skillmerge.eval.code;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skillmerge.eval.hook.HookData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The whole benchmark through the sandbox: part of `./run-tests` (CI); skip locally with -DexcludedGroups=selfcheck. */
@Tag("selfcheck")
class HumanEvalSelfCheckTest {
    @Test
    void everyCanonicalSolutionPasses() throws Exception {
        HumanEvalHook hook = new HumanEvalHook();
        List<HumanEvalProblem> problems = hook.load(HookData.bundled());
        assertEquals(164, problems.size());
        SelfChecks.Outcome o = SelfChecks.scoreAll(problems, p -> hook.score(p, p.canonicalSolution()));
        System.out.printf("HumanEval canonical self-check: %d/164 in %.1f s (%s)%n", o.passed(), o.seconds(), PythonSandbox.shared().describe());
        assertEquals(Map.of(), o.failures());
        assertEquals(164, o.passed());
    }

    @Test
    void anEmptyBodyPassesNothing() throws Exception {
        HumanEvalHook hook = new HumanEvalHook();
        List<HumanEvalProblem> problems = hook.load(HookData.bundled());
        SelfChecks.Outcome o = SelfChecks.scoreAll(problems, p -> hook.score(p, ""));
        System.out.printf("HumanEval empty-body check: %d/164 passed in %.1f s%n", o.passed(), o.seconds());
        assertEquals(0, o.passed());
    }
}
