package dev.skillmerge.checkpoint.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CheckpointDiffTest {
    @Test
    void accumulatorGivesMaxAbsRelativeL2AndCosine() {
        TensorDiff.Accumulator acc = new TensorDiff.Accumulator();
        acc.add(new float[] {3, 4}, new float[] {3, 0}, 2);
        TensorDiff d = acc.result("t");
        assertEquals(4.0, d.maxAbs());
        assertEquals(4.0 / 5.0, d.relativeL2(), 1e-15);
        assertEquals(9.0 / (5.0 * 3.0), d.cosine(), 1e-15);
    }

    @Test
    void chunksAccumulateLikeOnePass() {
        TensorDiff.Accumulator acc = new TensorDiff.Accumulator();
        acc.add(new float[] {3}, new float[] {3}, 1);
        acc.add(new float[] {4}, new float[] {0}, 1);
        assertEquals(new TensorDiff("t", 4.0, 0.8, 0.6), acc.result("t"));
    }

    @Test
    void zeroTensorsAreIdenticalAndAZeroAgainstNonZeroIsInfinitelyFar() {
        TensorDiff.Accumulator zeros = new TensorDiff.Accumulator();
        zeros.add(new float[] {0, 0}, new float[] {0, 0}, 2);
        assertEquals(new TensorDiff("z", 0, 0, 1), zeros.result("z"));
        TensorDiff.Accumulator oneSided = new TensorDiff.Accumulator();
        oneSided.add(new float[] {0}, new float[] {1}, 1);
        assertEquals(new TensorDiff("o", 1, Double.POSITIVE_INFINITY, 0), oneSided.result("o"));
    }
}
