package dev.skillmerge.workflow.demo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.eval.code.HumanEvalHook;
import dev.skillmerge.eval.code.HumanEvalProblem;
import dev.skillmerge.eval.hook.HookData;
import dev.skillmerge.eval.safety.PhraseRefusalClassifier;
import dev.skillmerge.eval.safety.SafetyPrompt;
import dev.skillmerge.eval.safety.XsTestHook;
import dev.skillmerge.eval.science.ScienceHook;
import dev.skillmerge.eval.science.ScienceTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataTest {
    @TempDir
    Path dir;

    @Test
    void writesEverySplitInTheFormatOfItsHook() throws Exception {
        ObjectNode manifest = DemoData.write(new DemoData.Sizes(30, 20, 8, 10), 1, dir);
        for (String set : DemoData.SETS) {
            assertEquals(set.equals("general") ? 30 : 20, Files.readAllLines(DemoData.file(dir, Split.TRAIN, set)).size());
            assertEquals(10, manifest.path("sets").path(set).path("test").asInt());
        }
        assertEquals(0, manifest.path("contamination").path("found").size());
        assertEquals(4 * 18, manifest.path("contamination").path("evaluated_prompts").asInt());
        List<ScienceTask> general = new ScienceHook().load(HookData.of(dir.resolve("test/general.jsonl")));
        assertEquals(10, general.size());
        assertEquals("general-test-0", general.getFirst().id());
        List<ScienceTask> science = new ScienceHook().load(HookData.of(dir.resolve("dev/science.jsonl")));
        assertEquals(8, science.size());
        List<SafetyPrompt> safety = new XsTestHook(new PhraseRefusalClassifier()).load(HookData.of(dir.resolve("test/safety.jsonl")));
        assertEquals(10, safety.size());
        List<HumanEvalProblem> code = new HumanEvalHook().load(HookData.of(dir.resolve("test/code.jsonl")));
        assertEquals(10, code.size());
    }

    @Test
    void everyCodeItemsReferenceBodyPassesItsTestsAndAnEmptyBodyFails() throws Exception {
        HumanEvalHook hook = new HumanEvalHook();
        for (int i = 0; i < 24; i++) {
            DemoItem.Code c = (DemoItem.Code) new CodeSkill().item(Draw.of(2, "code", i));
            HumanEvalProblem p = new HumanEvalProblem("c" + i, c.prompt(), c.body(), c.test(), c.entryPoint());
            assertEquals(1.0, hook.score(p, c.body()).value(), c.prompt() + c.body() + c.test() + hook.score(p, c.body()).reason());
            assertEquals(0.0, hook.score(p, "    pass\n").value(), c.prompt());
        }
    }

    @Test
    void theSameSizesAndSeedWriteTheSameBytes() throws Exception {
        DemoData.write(new DemoData.Sizes(20, 10, 5, 5), 3, dir.resolve("a"));
        DemoData.write(new DemoData.Sizes(20, 10, 5, 5), 3, dir.resolve("b"));
        for (String set : DemoData.SETS) {
            for (Split s : Split.values()) {
                assertTrue(java.util.Arrays.equals(Files.readAllBytes(DemoData.file(dir.resolve("a"), s, set)),
                        Files.readAllBytes(DemoData.file(dir.resolve("b"), s, set))), set + "/" + s);
            }
        }
    }
}
