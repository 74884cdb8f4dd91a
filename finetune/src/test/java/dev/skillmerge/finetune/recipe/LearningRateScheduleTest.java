package dev.skillmerge.finetune.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    @Test
    void warmUpIsTheCeilingOfTheRatioAndTheRateRisesThenFallsLinearlyToZero() {
        LearningRateSchedule s = LearningRateSchedule.of(2e-5, 100, 0.03);
        assertEquals(3, s.warmupSteps());
        assertEquals(0.0, s.at(0));
        assertEquals(2e-5 / 3, s.at(1), 1e-20);
        assertEquals(2e-5 * 2 / 3, s.at(2), 1e-20);
        assertEquals(2e-5, s.at(3), 1e-20);
        assertEquals(2e-5 * 50 / 97, s.at(50), 1e-20);
        assertEquals(2e-5 / 97, s.at(99), 1e-20);
        assertEquals(3, LearningRateSchedule.of(1, 67, 0.03).warmupSteps()); // ceil(2.01)
    }

    @Test
    void withoutWarmUpTheFirstStepUsesThePeakRate() {
        LearningRateSchedule s = LearningRateSchedule.of(1e-3, 10, 0);
        assertEquals(1e-3, s.at(0));
        assertEquals(1e-4, s.at(9), 1e-18);
    }

    @Test
    void thePaperPresetIsTulu2sRecipe() {
        Recipe r = Preset.PAPER.recipe();
        assertEquals(2, r.epochs());
        assertEquals(2e-5, r.learningRate());
        assertEquals(0.03, r.warmupRatio());
        assertEquals(0.0, r.weightDecay());
        assertEquals(4096, r.maxSeqLen());
        assertEquals(128, r.batchSize());
    }
}
