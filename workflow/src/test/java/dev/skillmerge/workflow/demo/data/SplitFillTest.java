package dev.skillmerge.workflow.demo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitFillTest {
    @Test
    void eachSplitHoldsExactlyItsCountOfItsOwnPrompts() {
        for (Split split : Split.values()) {
            List<DemoItem> items = SplitFill.fill(new GeneralMix(), 5, split, 40);
            assertEquals(40, items.size());
            items.forEach(i -> assertEquals(split, Split.of(i.prompt()), i.prompt()));
            assertEquals(40, items.stream().map(i -> Split.normalize(i.prompt())).distinct().count(), "no repeated prompt");
        }
    }

    @Test
    void splitsNeverShareAPrompt() {
        for (String set : DemoData.SETS) {
            Set<String> train = new HashSet<>();
            SplitFill.fill(DemoData.generator(set, Split.TRAIN), 3, Split.TRAIN, 300).forEach(i -> train.add(Split.normalize(i.prompt())));
            for (Split split : List.of(Split.DEV, Split.TEST)) {
                for (DemoItem i : SplitFill.fill(DemoData.generator(set, split), 3, split, 60)) {
                    assertTrue(!train.contains(Split.normalize(i.prompt())), set + ": " + i.prompt());
                }
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameItemsAndAnotherSeedOthers() {
        List<DemoItem> a = SplitFill.fill(new ScienceSkill(), 11, Split.TEST, 20);
        List<DemoItem> b = SplitFill.fill(new ScienceSkill(), 11, Split.TEST, 20);
        List<DemoItem> c = SplitFill.fill(new ScienceSkill(), 12, Split.TEST, 20);
        assertEquals(a, b);
        assertTrue(!a.getFirst().equals(c.getFirst()));
    }

    @Test
    void anItemDependsOnlyOnSeedGeneratorAndIndex() {
        DemoItem first = new CodeSkill().item(Draw.of(9, "code", 17));
        new CodeSkill().item(Draw.of(9, "code", 16));
        assertEquals(first, new CodeSkill().item(Draw.of(9, "code", 17)));
    }
}
