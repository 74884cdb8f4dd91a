package dev.skillmerge.taskvectors.arithmetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.merge.testing.Merges;
import dev.skillmerge.merge.testing.TinyModel;
import dev.skillmerge.taskvectors.arithmetic.Sparsify.Method;
import dev.skillmerge.taskvectors.arithmetic.Sparsify.Rescale;
import dev.skillmerge.taskvectors.testing.TaskVectorOps;
import dev.skillmerge.taskvectors.vector.TaskVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparsifyTest {
    @TempDir
    Path dir;

    private Path sparsified(Path tv, double density, Method method, Rescale rescale, long seed) throws Exception {
        Path out = dir.resolve("sparse" + System.nanoTime());
        try (TaskVector v = TaskVector.open(tv)) {
            Sparsify s = Sparsify.plan(v, density, method, rescale, seed, Optional.empty());
            Files.createDirectories(out);
            s.run(2, Long.MAX_VALUE, out, Progress.silent(0, 0));
        }
        return out;
    }

    private Path vector(float... tau) throws Exception {
        Path pre = TinyModel.at(dir.resolve("pre")).tensor("w", new float[tau.length]).write();
        Path expert = TinyModel.at(dir.resolve("expert")).tensor("w", tau).write();
        return TaskVectorOps.extract(pre, expert, DType.F32, dir.resolve("tv"));
    }

    @Test
    void magnitudeKeepsExactlyTheLargestEntries() throws Exception {
        Path tv = vector(0.5f, -3, 2, -0.25f, 1, -1.5f);
        // density 0.5 of 6: keep int(3) largest |tau|: -3, 2, -1.5
        assertArrayEquals(new float[] {0, -3, 2, 0, 0, -1.5f}, TinyModel.read(sparsified(tv, 0.5, Method.MAGNITUDE, Rescale.NONE, 0), "w"));
        // L1 rescale: 8.25 / 6.5 on the kept entries
        float f = 8.25f / 6.5f;
        assertArrayEquals(new float[] {0, -3 * f, 2 * f, 0, 0, -1.5f * f}, TinyModel.read(sparsified(tv, 0.5, Method.MAGNITUDE, Rescale.L1, 0), "w"));
    }

    @Test
    void randomDropsTheSameEntriesAsADareMergeWithTheSameSeed() throws Exception {
        float[] tau = new float[64];
        for (int i = 0; i < tau.length; i++) {
            tau[i] = (i % 7) - 3 + 0.5f;
        }
        Path tv = vector(tau);
        float[] sparse = TinyModel.read(sparsified(tv, 0.5, Method.RANDOM, Rescale.DENSITY, 7), "w");
        Path dare = Merges.run(dir, """
                merge_method: dare_linear
                base_model: %s
                parameters: {rescale_by_density: true}
                models:
                  - {model: %s, parameters: {weight: 1, density: 0.5}}
                """.formatted(dir.resolve("pre"), dir.resolve("expert")), new dev.skillmerge.merge.plan.MergeOptions(false, false, false, 7), 1, "dare");
        assertArrayEquals(TinyModel.read(dare, "w"), sparse);
        long kept = 0;
        for (float v : sparse) {
            kept += v != 0 ? 1 : 0;
        }
        assertTrue(kept > 16 && kept < 48, "about half kept: " + kept);
    }

    @Test
    void densityRescalingIsRefusedForMagnitudePruning() throws Exception {
        Path tv = vector(1, 2);
        try (TaskVector v = TaskVector.open(tv)) {
            assertEquals("--rescale density is DARE's correction for random drops; with --method magnitude use none or l1",
                    assertThrows(UserInputException.class, () -> Sparsify.plan(v, 0.5, Method.MAGNITUDE, Rescale.DENSITY, 0, Optional.empty())).getMessage());
        }
    }
}
