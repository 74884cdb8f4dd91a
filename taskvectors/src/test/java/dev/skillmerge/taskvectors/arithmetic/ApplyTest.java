package dev.skillmerge.taskvectors.arithmetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.merge.testing.Merges;
import dev.skillmerge.merge.testing.TinyModel;
import dev.skillmerge.taskvectors.testing.Synth;
import dev.skillmerge.taskvectors.testing.TaskVectorOps;
import dev.skillmerge.taskvectors.testing.Tensors;
import dev.skillmerge.taskvectors.vector.TaskVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyTest {
    @TempDir
    Path dir;

    private Path model(String name, float... w) throws Exception {
        return TinyModel.at(dir.resolve(name)).tensor("w", w).tensor("v", Shape.of(1, 2), w[0], w[1]).write();
    }

    @Test
    void applyWithWeightsEqualsTheMergeEnginesTaskArithmeticOverThePretrainedBase() throws Exception {
        Path pre = model("pre", 1, 1, 1, 1);
        Path general = model("general", 1.5f, 0.5f, 1, 2);  // tau_G = .5, -.5, 0, 1
        Path e1 = model("e1", 2, 0, 1, 3);                  // tau_1 = 1, -1, 0, 2
        Path e2 = model("e2", 1, 3, 1, 1);                  // tau_2 = 0,  2, 0, 0
        Path tv1 = TaskVectorOps.extract(pre, e1, DType.F32, dir.resolve("tv1"));
        Path tv2 = TaskVectorOps.extract(pre, e2, DType.F32, dir.resolve("tv2"));
        Path applied = TaskVectorOps.apply(general, List.of(tv1, tv2), new double[] {0.25, 0.5}, false, dir.resolve("applied"));
        Path merged = Merges.run(dir, """
                merge_method: task_arithmetic
                base_model: %s
                models:
                  - {model: %s, parameters: {weight: 1}}
                  - {model: %s, parameters: {weight: 0.25}}
                  - {model: %s, parameters: {weight: 0.5}}
                """.formatted(pre, general, e1, e2));

        // G + .25 tau_1 + .5 tau_2 = 1.5 + .25, .5 - .25 + 1, 1, 2 + .5
        assertArrayEquals(new float[] {1.75f, 1.25f, 1, 2.5f}, TinyModel.read(applied, "w"));
        Map<String, byte[]> want = Tensors.bytes(merged);
        Map<String, byte[]> got = Tensors.bytes(applied);
        assertEquals(want.keySet(), got.keySet());
        want.forEach((name, bytes) -> assertArrayEquals(bytes, got.get(name), name));
    }

    @Test
    void applyOnBfloat16ModelsMatchesTaskArithmeticUpToTheFinalRounding() throws Exception {
        Path pre = Synth.base(dir.resolve("pre"), DType.BF16);
        Path general = Synth.expert(pre, dir.resolve("general"), 10, 0.004f);
        Path e1 = Synth.expert(pre, dir.resolve("e1"), 1, 0.002f);
        Path e2 = Synth.expert(pre, dir.resolve("e2"), 2, 0.002f);
        Path applied = TaskVectorOps.apply(general, List.of(
                TaskVectorOps.extract(pre, e1, DType.F32, dir.resolve("tv1")),
                TaskVectorOps.extract(pre, e2, DType.F32, dir.resolve("tv2"))), new double[] {0.22, 0.57}, false, dir.resolve("applied"));
        Path merged = Merges.run(dir, """
                merge_method: task_arithmetic
                base_model: %s
                models:
                  - {model: %s, parameters: {weight: 1}}
                  - {model: %s, parameters: {weight: 0.22}}
                  - {model: %s, parameters: {weight: 0.57}}
                """.formatted(pre, general, e1, e2));
        Map<String, float[]> want = Tensors.values(merged);
        Map<String, float[]> got = Tensors.values(applied);
        for (String name : want.keySet()) {
            for (int i = 0; i < want.get(name).length; i++) {
                // the same sum in another float32 order: results differ by at most the last bf16 bit
                float w = want.get(name)[i];
                if (Math.abs(got.get(name)[i] - w) > Math.ulp(w) * (1 << 16)) {
                    fail(name + "[" + i + "]: " + got.get(name)[i] + " vs " + w);
                }
            }
        }
    }

    @Test
    void autoWeightsAreTheExpertsExamplesOverTheGeneralModels() throws Exception {
        Path pre = model("pre", 0, 0, 0, 0);
        Path general = model("general", 1, 1, 1, 1);
        Path expert = model("expert", 100, -100, 50, 0);
        Files.writeString(general.resolve("training.json"), "{\"dataset\": {\"examples\": 1000}}");
        Files.writeString(expert.resolve("training.json"), "{\"dataset\": {\"examples\": 250}, \"steps\": 10}");
        Path tv = TaskVectorOps.extract(pre, expert, DType.F32, dir.resolve("tv"));
        try (ModelFolder g = ModelFolder.open(general); TaskVector v = TaskVector.open(tv)) {
            assertArrayEquals(new double[] {0.25}, AutoWeights.of(g, List.of(v)));
        }
    }

    @Test
    void autoWeightsWithoutRecordedSizesSayHowToRecordThem() throws Exception {
        Path pre = model("pre", 0, 0, 0, 0);
        Path general = model("general", 1, 1, 1, 1);
        Path tv = TaskVectorOps.extract(pre, model("expert", 1, 2, 3, 4), DType.F32, dir.resolve("tv"));
        try (ModelFolder g = ModelFolder.open(general); TaskVector v = TaskVector.open(tv)) {
            String noGeneral = assertThrows(UserInputException.class, () -> AutoWeights.of(g, List.of(v))).getMessage();
            assertEquals(general + ": --weights auto needs the general model's dataset size: write training.json there with"
                    + " {\"dataset\": {\"examples\": N}} (N = examples in its training mix), or give each weight as TV:W", noGeneral);
            Files.writeString(general.resolve("training.json"), "{\"dataset\": {\"examples\": 1000}}");
            String noExpert = assertThrows(UserInputException.class, () -> AutoWeights.of(g, List.of(v))).getMessage();
            assertTrue(noExpert.startsWith(tv + ": --weights auto needs the expert's dataset size, but taskvector.json records none"), noExpert);
            assertFalse(noExpert.contains("\n"));
        }
    }

    @Test
    void aTaskVectorOfAnotherShapeIsAnErrorNamingTheTensor() throws Exception {
        Path pre = model("pre", 0, 0, 0, 0);
        Path tv = TaskVectorOps.extract(pre, model("expert", 1, 2, 3, 4), DType.F32, dir.resolve("tv"));
        Path wider = TinyModel.at(dir.resolve("wider")).tensor("w", 1, 2, 3, 4, 5).tensor("v", Shape.of(1, 2), 1, 2).write();
        String message = assertThrows(UserInputException.class,
                () -> TaskVectorOps.apply(wider, List.of(tv), new double[] {1}, false, dir.resolve("out"))).getMessage();
        assertEquals(tv + ": tensor 'w' is [4] but [5] in " + wider + ": the task vector is for another architecture (or a resized vocabulary)",
                message);
    }

    @Test
    void aTensorMissingFromTheTaskVectorIsAnError() throws Exception {
        Path pre = model("pre", 0, 0, 0, 0);
        Path tv = TaskVectorOps.extract(pre, model("expert", 1, 2, 3, 4), DType.F32, dir.resolve("tv"));
        Path more = TinyModel.at(dir.resolve("more")).tensor("w", 1, 2, 3, 4).tensor("v", Shape.of(1, 2), 1, 2).tensor("u", 7).write();
        String message = assertThrows(UserInputException.class,
                () -> TaskVectorOps.apply(more, List.of(tv), new double[] {1}, false, dir.resolve("out"))).getMessage();
        assertEquals(tv + ": has no tensor 'u' that " + more + " has: the task vector is for another architecture", message);
    }

    @Test
    void aTargetOfAnotherLineageIsAWarningOrWithStrictAnError() throws Exception {
        Path pre = model("pre", 0, 0, 0, 0);
        Path tv = TaskVectorOps.extract(pre, model("expert", 1, 2, 3, 4), DType.F32, dir.resolve("tv"));
        // fingerprints hash the weight files' headers, so a stranger needs another layout: here another dtype
        Path stranger = TinyModel.at(dir.resolve("stranger")).dtype(DType.BF16).tensor("w", 5, 5, 5, 5).tensor("v", Shape.of(1, 2), 5, 5).write();
        try (ModelFolder g = ModelFolder.open(stranger); TaskVector v = TaskVector.open(tv)) {
            Application lenient = Application.plan(g, List.of(v), new double[] {1}, false);
            assertEquals(1, lenient.warnings().size());
            assertTrue(lenient.warnings().getFirst().contains("records no base model"), lenient.warnings().getFirst());
            String strict = assertThrows(UserInputException.class, () -> Application.plan(g, List.of(v), new double[] {1}, true)).getMessage();
            assertTrue(strict.startsWith(tv + ": the task vector was taken against base "), strict);
            assertTrue(strict.endsWith("(drop --strict to apply anyway)"), strict);
        }
        Files.writeString(stranger.resolve("training.json"), "{\"base_model\": {\"fingerprint\": \"%s\"}}".formatted(fingerprint(pre)));
        try (ModelFolder g = ModelFolder.open(stranger); TaskVector v = TaskVector.open(tv)) {
            assertEquals(List.of(), Application.plan(g, List.of(v), new double[] {1}, true).warnings());
        }
    }

    private static String fingerprint(Path model) throws Exception {
        try (ModelFolder m = ModelFolder.open(model)) {
            return m.fingerprint();
        }
    }
}
