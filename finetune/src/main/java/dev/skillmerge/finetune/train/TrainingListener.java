package dev.skillmerge.finetune.train;

import java.io.IOException;
import java.nio.file.Path;

/** Follows a run: progress lines, the metrics log, tests that interrupt a run. */
public interface TrainingListener {
    default void onStep(StepReport report) throws IOException {
    }

    /** The mean loss over the held-out examples after {@code step} steps. */
    default void onEvaluation(long step, double loss) throws IOException {
    }

    default void onCheckpoint(long step, Path folder) throws IOException {
    }

    static TrainingListener all(TrainingListener... listeners) {
        return new TrainingListener() {
            @Override
            public void onStep(StepReport report) throws IOException {
                for (TrainingListener l : listeners) {
                    l.onStep(report);
                }
            }

            @Override
            public void onEvaluation(long step, double loss) throws IOException {
                for (TrainingListener l : listeners) {
                    l.onEvaluation(step, loss);
                }
            }

            @Override
            public void onCheckpoint(long step, Path folder) throws IOException {
                for (TrainingListener l : listeners) {
                    l.onCheckpoint(step, folder);
                }
            }
        };
    }
}
