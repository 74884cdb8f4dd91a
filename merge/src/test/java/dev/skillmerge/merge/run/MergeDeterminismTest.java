package dev.skillmerge.merge.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.synth.SynthShape;
import dev.skillmerge.checkpoint.synth.SyntheticCheckpoint;
import dev.skillmerge.merge.plan.MergeOptions;
import dev.skillmerge.merge.testing.Merges;
import dev.skillmerge.merge.testing.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Random masks depend only on (seed, tensor, position): same config and seed, same bytes, at any thread count. */
class MergeDeterminismTest {
    @TempDir
    Path dir;
    Path base;
    Path e1;
    Path e2;

    @BeforeEach
    void models() throws Exception {
        base = dir.resolve("base");
        Files.createDirectory(base);
        // a 64x... model with chunks larger than one row and several tensors per thread
        SyntheticCheckpoint.writeBase(new SynthShape(2000, 64, 192, 3, 4, 2, false), DType.BF16, 1, Long.MAX_VALUE, 2, base, Progress.silent(0, 0));
        e1 = expert("e1", 11);
        e2 = expert("e2", 12);
    }

    private Path expert(String name, long seed) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectory(p);
        try (ModelFolder b = ModelFolder.open(base)) {
            SyntheticCheckpoint.writeExpert(b, 0.002f, seed, Long.MAX_VALUE, 2, p, Progress.silent(0, 0));
        }
        return p;
    }

    private String config(String method, String extra) {
        return """
                merge_method: %s
                base_model: %s
                parameters: {density: 0.5%s}
                models:
                  - {model: %s, parameters: {weight: 0.6}}
                  - {model: %s, parameters: {weight: 0.4}}
                """.formatted(method, base, extra, e1, e2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dare_ties", "dare_linear", "della", "della_linear", "ties", "breadcrumbs_ties"})
    void sameSeedGivesByteIdenticalOutputAtOneAndTwoThreads(String method) throws Exception {
        String extra = method.startsWith("della") ? ", epsilon: 0.1" : "";
        Path one = Merges.run(dir, config(method, extra), new MergeOptions(false, false, false, 42), 1, "one");
        Path two = Merges.run(dir, config(method, extra), new MergeOptions(false, false, false, 42), 2, "two");
        assertArrayEquals(Files.readAllBytes(one.resolve("model.safetensors")), Files.readAllBytes(two.resolve("model.safetensors")));
    }

    @Test
    void aDifferentSeedGivesDifferentMasks() throws Exception {
        Path one = Merges.run(dir, config("dare_ties", ""), new MergeOptions(false, false, false, 1), 2, "one");
        Path two = Merges.run(dir, config("dare_ties", ""), new MergeOptions(false, false, false, 2), 2, "two");
        assertNotEquals(java.util.Arrays.toString(TinyModel.read(one, "model.layers.0.mlp.up_proj.weight")),
                java.util.Arrays.toString(TinyModel.read(two, "model.layers.0.mlp.up_proj.weight")));
    }

    @Test
    void dareKeepsAboutDensityOfEntriesAndItsL1RescaleRestoresTheTaskVectorNorm() throws Exception {
        Path out = Merges.run(dir, """
                merge_method: dare_linear
                base_model: %s
                models: [{model: %s, parameters: {weight: 1, density: 0.3}}]
                """.formatted(base, e1), new MergeOptions(false, false, false, 5), 2, "dare");
        float[] b = TinyModel.read(base, "model.layers.1.mlp.down_proj.weight");
        float[] e = TinyModel.read(e1, "model.layers.1.mlp.down_proj.weight");
        float[] m = TinyModel.read(out, "model.layers.1.mlp.down_proj.weight");
        int kept = 0;
        double l1Expert = 0;
        double l1Merged = 0;
        for (int i = 0; i < b.length; i++) {
            kept += m[i] != b[i] ? 1 : 0;
            l1Expert += Math.abs(e[i] - b[i]);
            l1Merged += Math.abs(m[i] - b[i]);
        }
        assertEquals(0.3, (double) kept / b.length, 0.01);
        assertEquals(1, l1Merged / l1Expert, 0.01); // bf16 output rounding only
    }

    @Test
    void tiesKeepsExactlyIntDensityTimesNEntriesOfEveryTensor() throws Exception {
        Path out = Merges.run(dir, """
                merge_method: ties
                base_model: %s
                dtype: float32
                models: [{model: %s, parameters: {weight: 1, density: 0.37}}]
                """.formatted(base, e1), MergeOptions.DEFAULT, 2, "ties");
        float[] b = TinyModel.read(base, "model.embed_tokens.weight");
        float[] e = TinyModel.read(e1, "model.embed_tokens.weight");
        float[] m = TinyModel.read(out, "model.embed_tokens.weight");
        int kept = 0;
        float smallestKept = Float.MAX_VALUE;
        float largestDropped = 0;
        for (int i = 0; i < b.length; i++) {
            float delta = Math.abs(e[i] - b[i]);
            if (m[i] != b[i]) {
                kept++;
                smallestKept = Math.min(smallestKept, delta);
            } else {
                largestDropped = Math.max(largestDropped, delta);
            }
        }
        long nonzeroDeltas = 0;
        for (int i = 0; i < b.length; i++) {
            nonzeroDeltas += e[i] != b[i] ? 1 : 0;
        }
        assertTrue(nonzeroDeltas > (long) (0.37 * b.length));
        assertEquals((long) (0.37 * b.length), kept);
        assertTrue(smallestKept >= largestDropped);
    }
}
