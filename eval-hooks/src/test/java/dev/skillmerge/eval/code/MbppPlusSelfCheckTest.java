package dev.skillmerge.eval.code;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skillmerge.eval.hook.HookData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The whole benchmark through the sandbox: part of `./run-tests` (CI); skip locally with -DexcludedGroups=selfcheck. */
@Tag("selfcheck")
class MbppPlusSelfCheckTest {
    @Test
    void everyReferenceSolutionMatchesItsOwnOutputsOnAllInputs() throws Exception {
        MbppPlusHook hook = new MbppPlusHook();
        List<MbppPlusTask> tasks = hook.load(HookData.bundled());
        assertEquals(399, tasks.size());
        SelfChecks.Outcome o = SelfChecks.scoreAll(tasks, t -> hook.check(t, t.canonicalSolution()));
        System.out.printf("MBPP+ reference self-check: %d/399 in %.1f s (%s)%n", o.passed(), o.seconds(), PythonSandbox.shared().describe());
        assertEquals(Map.of(), o.failures());
        assertEquals(399, o.passed());
    }
}
