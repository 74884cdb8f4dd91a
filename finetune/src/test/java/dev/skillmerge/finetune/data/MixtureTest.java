package dev.skillmerge.finetune.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.skillmerge.checkpoint.UserInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MixtureTest {
    private static Dataset dataset(String name, double weight, int n) {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            examples.add(new Example(new int[] {i, i + 1}, new boolean[] {false, true}, new Source(Path.of(name), i + 1)));
        }
        return new Dataset(new DatasetSpec(Path.of(name + ".jsonl"), weight), examples, List.of(), n, 0);
    }

    @Test
    void weightsScaleEachDatasetsShareOfAnEpoch() {
        Dataset general = dataset("general", 0.5, 40);
        Dataset science = dataset("science", 2.5, 10);
        Mixture m = new Mixture(List.of(general, science), 7);
        assertEquals(20, m.examplesPerEpoch(general));
        assertEquals(25, m.examplesPerEpoch(science));
        assertEquals(45, m.examplesPerEpoch());
        List<Example> epoch = m.epoch(0);
        assertEquals(20, epoch.stream().filter(e -> e.source().file().toString().equals("general")).distinct().count());
        // the fixed half of general is the same subset in every epoch
        assertEquals(new HashSet<>(epoch.stream().filter(e -> e.source().file().toString().equals("general")).toList()),
                new HashSet<>(m.epoch(1).stream().filter(e -> e.source().file().toString().equals("general")).toList()));
    }

    @Test
    void theOrderOfAnEpochDependsOnlyOnTheSeedAndTheEpoch() {
        Mixture a = new Mixture(List.of(dataset("d", 1, 30)), 3);
        Mixture b = new Mixture(List.of(dataset("d", 1, 30)), 3);
        assertEquals(sources(a.epoch(1)), sources(b.epoch(1)));
        assertNotEquals(sources(a.epoch(0)), sources(a.epoch(1)));
        assertNotEquals(sources(a.epoch(0)), sources(new Mixture(List.of(dataset("d", 1, 30)), 4).epoch(0)));
    }

    private static List<Integer> sources(List<Example> examples) {
        return examples.stream().map(e -> e.source().line()).toList();
    }

    @ParameterizedTest
    @CsvSource({"general.jsonl, general.jsonl, 1.0", "general.jsonl:0.5, general.jsonl, 0.5", "c:/data/x.jsonl, c:/data/x.jsonl, 1.0",
            "/d/sci.jsonl:2, /d/sci.jsonl, 2.0"})
    void aDataArgumentIsAPathWithAnOptionalWeight(String text, String path, double weight) throws Exception {
        DatasetSpec spec = DatasetSpec.parse(text);
        assertEquals(Path.of(path), spec.file());
        assertEquals(weight, spec.weight());
    }

    @Test
    void aNonPositiveWeightIsRefused() {
        assertEquals("--data x.jsonl:0: the weight must be a positive number, not 0",
                org.junit.jupiter.api.Assertions.assertThrows(UserInputException.class, () -> DatasetSpec.parse("x.jsonl:0")).getMessage());
    }
}
