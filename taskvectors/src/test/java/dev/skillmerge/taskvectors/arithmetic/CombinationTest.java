package dev.skillmerge.taskvectors.arithmetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.merge.testing.TinyModel;
import dev.skillmerge.taskvectors.testing.TaskVectorOps;
import dev.skillmerge.taskvectors.vector.TaskVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CombinationTest {
    @TempDir
    Path dir;
    Path a;
    Path b;

    @BeforeEach
    void vectors() throws Exception {
        Path pre = TinyModel.at(dir.resolve("pre")).tensor("w", 1, 1, 1, 1).write();
        Path ea = TinyModel.at(dir.resolve("ea")).tensor("w", 2, 0, 1, 1.5f).write();   // tau_a = 1, -1, 0, .5
        Path eb = TinyModel.at(dir.resolve("eb")).tensor("w", 1, 4, -1, 1).write();     // tau_b = 0, 3, -2, 0
        Files.writeString(ea.resolve("training.json"), "{\"dataset\": {\"examples\": 61000}}");
        a = TaskVectorOps.extract(pre, ea, DType.F32, dir.resolve("a"));
        b = TaskVectorOps.extract(pre, eb, DType.F32, dir.resolve("b"));
    }

    private float[] combined(List<Path> inputs, double... coefficients) throws Exception {
        Path out = TaskVectorOps.combine(inputs, coefficients, dir.resolve("out" + System.nanoTime()));
        return TinyModel.read(out, "w");
    }

    @Test
    void negateScaleAddAndSubAreWeightedSumsOfTheDeltas() throws Exception {
        assertArrayEquals(new float[] {-1, 1, 0, -0.5f}, combined(List.of(a), -1));
        assertArrayEquals(new float[] {0.5f, -0.5f, 0, 0.25f}, combined(List.of(a), 0.5));
        assertArrayEquals(new float[] {1, 2, -2, 0.5f}, combined(List.of(a, b), 1, 1));
        assertArrayEquals(new float[] {1, -4, 2, 0.5f}, combined(List.of(a, b), 1, -1));
    }

    @Test
    void aScaledVectorKeepsItsTrainingRecordButASumDoesNot() throws Exception {
        Path scaled = TaskVectorOps.combine(List.of(a), new double[] {0.5}, dir.resolve("scaled"));
        Path sum = TaskVectorOps.combine(List.of(a, b), new double[] {1, 1}, dir.resolve("sum"));
        try (TaskVector s = TaskVector.open(scaled); TaskVector t = TaskVector.open(sum)) {
            assertEquals(61000, s.manifest().training().examples().orElseThrow());
            assertTrue(t.manifest().training().isEmpty());
            assertTrue(s.manifest().tuned().isEmpty());
        }
    }

    @Test
    void vectorsOfDifferentShapesCannotBeAdded() throws Exception {
        Path pre = TinyModel.at(dir.resolve("pre5")).tensor("w", 1, 1, 1, 1, 1).write();
        Path c = TaskVectorOps.extract(pre, TinyModel.at(dir.resolve("ec")).tensor("w", 1, 2, 3, 4, 5).write(), DType.F32, dir.resolve("c"));
        try (TaskVector va = TaskVector.open(a); TaskVector vc = TaskVector.open(c)) {
            String message = assertThrows(UserInputException.class,
                    () -> dev.skillmerge.taskvectors.arithmetic.Combination.plan(List.of(va, vc), new double[] {1, 1}, Optional.empty(), "add")).getMessage();
            assertEquals(c + ": tensor 'w' is [5] but [4] in " + a + ": the task vectors are for different architectures", message);
        }
    }
}
