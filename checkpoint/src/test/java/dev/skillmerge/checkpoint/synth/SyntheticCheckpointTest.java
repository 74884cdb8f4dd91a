package dev.skillmerge.checkpoint.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.checkpoint.diff.CheckpointDiff;
import dev.skillmerge.checkpoint.diff.TensorDiff;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCheckpointTest {
    @TempDir
    Path dir;

    private static final SynthShape SHAPE = new SynthShape(300, 64, 192, 2, 4, 2, false);

    @Test
    void sameSeedGivesByteIdenticalFilesAtAnyThreadCount() throws Exception {
        Path one = write("one", 1, 5);
        Path two = write("two", 2, 5);
        assertArrayEquals(Files.readAllBytes(one.resolve("model.safetensors")), Files.readAllBytes(two.resolve("model.safetensors")));
    }

    @Test
    void weightsHaveTheInitializerScaleAndNormsAreOne() throws Exception {
        Path base = write("base", 2, 5);
        try (ModelFolder m = ModelFolder.open(base)) {
            var q = m.tensor("model.layers.0.self_attn.q_proj.weight").orElseThrow();
            float[] x = new float[(int) q.elementCount()];
            q.readFloats(0, x, 0, x.length);
            double sum2 = 0;
            for (float v : x) {
                sum2 += v * v;
                assertTrue(Math.abs(v) <= 0.02 * Math.sqrt(3) * (1 + 0x1.0p-8)); // bf16 may round up by half an ulp
            }
            assertEquals(0.02, Math.sqrt(sum2 / x.length), 0.001);
            float[] norm = new float[64];
            m.tensor("model.norm.weight").orElseThrow().readFloats(0, norm, 0, 64);
            for (float v : norm) {
                assertEquals(1f, v);
            }
            assertEquals(SHAPE.parameterCount(), m.tensors().stream().mapToLong(t -> t.elementCount()).sum());
            assertEquals(16, SHAPE.headDim());
        }
    }

    @Test
    void anExpertIsTheBasePlusNoiseOfTheRequestedScale() throws Exception {
        Path base = write("base", 2, 5);
        Path expert = dir.resolve("expert");
        Files.createDirectory(expert);
        try (ModelFolder b = ModelFolder.open(base)) {
            SyntheticCheckpoint.writeExpert(b, 0.002f, 9, Long.MAX_VALUE, 2, expert, Progress.silent(0, 0));
        }
        try (ModelFolder a = ModelFolder.open(base); ModelFolder e = ModelFolder.open(expert)) {
            CheckpointDiff diff = CheckpointDiff.of(a, e, 2, Progress.silent(0, 0));
            assertTrue(diff.sameNamesAndShapes());
            for (TensorDiff d : diff.compared()) {
                assertTrue(d.maxAbs() <= 0.002 * Math.sqrt(3) * 1.01 + 0.008, d.name() + " " + d.maxAbs()); // + bf16 rounding of norms near 1
                assertTrue(d.maxAbs() > 0, d.name());
            }
        }
    }

    @Test
    void aParameterCountPicksARealisticShape() {
        SynthShape half = SynthShape.forParameterCount(500_000_000L, 32000, 0, 0);
        assertEquals(1280, half.hidden());
        assertEquals(21, half.layers());
        assertEquals(3584, half.intermediate());
        assertEquals(0.5e9, half.parameterCount(), 0.03e9);
        SynthShape two = SynthShape.forParameterCount(2_000_000_000L, 32000, 0, 0);
        assertEquals(2.0e9, two.parameterCount(), 0.1e9);
        assertEquals(11008, SynthShape.defaultIntermediate(4096));
    }

    private Path write(String name, int threads, long seed) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectory(p);
        SyntheticCheckpoint.writeBase(SHAPE, DType.BF16, seed, Long.MAX_VALUE, threads, p, Progress.silent(0, 0));
        return p;
    }
}
