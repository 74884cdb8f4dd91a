package dev.skillmerge.workflow.demo.base;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skillmerge.workflow.demo.data.Contamination;
import dev.skillmerge.workflow.demo.data.DemoData;
import dev.skillmerge.workflow.demo.data.DemoItem;
import dev.skillmerge.workflow.demo.data.Split;
import dev.skillmerge.workflow.demo.pipeline.DemoSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped base never saw an evaluated prompt: the generated part of its pre-training corpus (chat
 * tasks, abstracts, scripts, at the shipped recipe's sizes and seed) contains none of the demo's dev and
 * test prompts, whole or inside a document. The sampled stories are left out here (sampling them takes
 * minutes); they are plain stories from a 260K-parameter model.
 */
class PretrainCorpusContaminationTest {
    @TempDir
    Path dir;

    @Test
    void noDevOrTestPromptOfTheDemoOccursInTheGeneratedPretrainingCorpus() throws Exception {
        Pretraining.Settings recipe = Pretraining.Settings.shipped();
        List<String> corpus = PretrainCorpus.write(List.of(), recipe.sizes(), recipe.seed(), dir);
        DemoSettings demo = DemoSettings.standard(1);
        List<String> evaluated = new ArrayList<>();
        for (Map<Split, List<DemoItem>> splits : DemoData.generate(demo.sizes(), demo.seed()).values()) {
            splits.get(Split.DEV).forEach(i -> evaluated.add(i.prompt()));
            splits.get(Split.TEST).forEach(i -> evaluated.add(i.prompt()));
        }
        assertEquals(290_000, corpus.size());
        assertEquals(List.of(), new Contamination().documents(corpus).check(evaluated));
    }
}
