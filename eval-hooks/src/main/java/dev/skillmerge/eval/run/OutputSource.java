package dev.skillmerge.eval.run;

import dev.skillmerge.eval.hook.Generator;
import dev.skillmerge.eval.hook.LogProbScorer;
import dev.skillmerge.eval.hook.SamplingOptions;
import java.util.Optional;

/** Where a run's outputs come from: a model through the ports, or a file of recorded responses. */
public sealed interface OutputSource permits OutputSource.Model, OutputSource.Recorded {
    String describe();

    /** Generation (and log-probabilities, when the backend has them) from a model. */
    record Model(Generator generator, Optional<LogProbScorer> logProbs, SamplingOptions sampling, int batchSize) implements OutputSource {
        public Model {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1");
            }
        }

        @Override
        public String describe() {
            return "model: " + generator.describe();
        }
    }

    /** Score-only: outputs generated elsewhere. */
    record Recorded(ResponseSet responses) implements OutputSource {
        @Override
        public String describe() {
            return "responses: " + responses.file();
        }
    }
}
