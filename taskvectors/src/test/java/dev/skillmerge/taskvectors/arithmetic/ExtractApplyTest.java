package dev.skillmerge.taskvectors.arithmetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.skillmerge.checkpoint.dtype.Bf16;
import dev.skillmerge.checkpoint.dtype.DType;
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

/** The paper's round trip: tau = expert - pre, then pre + 1 * tau is the expert again. */
class ExtractApplyTest {
    @TempDir
    Path dir;

    @Test
    void extractThenApplyWithWeightOneReproducesTheExpertBitExactlyWithFloat32Deltas() throws Exception {
        Path pre = Synth.base(dir.resolve("pre"), DType.BF16);
        Path expert = Synth.expert(pre, dir.resolve("expert"), 1, 0.002f);
        Path tv = TaskVectorOps.extract(pre, expert, DType.F32, dir.resolve("tv"));
        Path back = TaskVectorOps.apply(pre, List.of(tv), new double[] {1}, true, dir.resolve("back"));

        Map<String, byte[]> want = Tensors.bytes(expert);
        Map<String, byte[]> got = Tensors.bytes(back);
        assertEquals(want.keySet(), got.keySet());
        want.forEach((name, bytes) -> assertArrayEquals(bytes, got.get(name), name));
    }

    @Test
    void extractThenApplyWithBfloat16DeltasIsWithinBfloat16RoundingOfTheExpert() throws Exception {
        Path pre = Synth.base(dir.resolve("pre"), DType.BF16);
        Path expert = Synth.expert(pre, dir.resolve("expert"), 1, 0.002f);
        Path tv = TaskVectorOps.extract(pre, expert, DType.BF16, dir.resolve("tv"));
        Path back = TaskVectorOps.apply(pre, List.of(tv), new double[] {1}, true, dir.resolve("back"));

        Map<String, float[]> p = Tensors.values(pre);
        Map<String, float[]> e = Tensors.values(expert);
        Map<String, float[]> b = Tensors.values(back);
        int differing = 0;
        for (String name : e.keySet()) {
            for (int i = 0; i < e.get(name).length; i++) {
                float delta = e.get(name)[i] - p.get(name)[i];
                // two roundings to bf16, each at most half an ulp: the delta when stored, then the sum when written
                float deltaError = halfUlp(delta);
                float bound = deltaError + halfUlp(Math.abs(e.get(name)[i]) + deltaError);
                float error = Math.abs(b.get(name)[i] - e.get(name)[i]);
                if (error > bound) {
                    fail(name + "[" + i + "]: " + b.get(name)[i] + " vs " + e.get(name)[i]);
                }
                differing += error > 0 ? 1 : 0;
            }
        }
        assertTrue(differing > 0, "bf16 deltas should lose something somewhere, or this test checks nothing");
    }

    /** Half a bfloat16 ulp at |x|: bf16 keeps 16 fewer mantissa bits than float32. */
    private static float halfUlp(float x) {
        return Math.ulp(Math.abs(x)) * (1 << 15);
    }

    @Test
    void theManifestRecordsBothModelsTheDtypeAndTheExpertsTrainingRecord() throws Exception {
        Path pre = Synth.base(dir.resolve("pre"), DType.BF16);
        Path expert = Synth.expert(pre, dir.resolve("expert"), 1, 0.002f);
        Files.writeString(expert.resolve("training.json"), """
                {"dataset": {"name": "sciriff", "examples": 61000, "tokens": 24000000}, "steps": 479}
                """);
        Path tv = TaskVectorOps.extract(pre, expert, DType.F32, dir.resolve("tv"));
        try (TaskVector v = TaskVector.open(tv);
             var p = dev.skillmerge.checkpoint.hf.ModelFolder.open(pre);
             var x = dev.skillmerge.checkpoint.hf.ModelFolder.open(expert)) {
            assertEquals(DType.F32, v.manifest().dtype());
            assertEquals(p.fingerprint(), v.manifest().base().fingerprint());
            assertEquals(x.fingerprint(), v.manifest().tuned().orElseThrow().fingerprint());
            assertEquals(61000, v.manifest().training().examples().orElseThrow());
            assertEquals(24000000, v.manifest().training().tokens().orElseThrow());
            assertEquals(479, v.manifest().training().steps().orElseThrow());
            assertEquals("extract", v.manifest().derivation());
        }
    }
}
