package dev.skillmerge.taskvectors.arithmetic;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.taskvectors.vector.TaskVector;
import dev.skillmerge.taskvectors.vector.TaskVectorManifest;
import dev.skillmerge.taskvectors.vector.TrainingRecord;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

/**
 * The paper's weight heuristic when no dev set is at hand: w_k = |D_k| / |G|, the expert's training
 * examples over the general model's (Morrison et al. 2024: 0.22 science, 0.24 safety, 0.57 code).
 * The sizes come from the trainers' training.json records: the expert's as copied into its task vector
 * at extraction, the general model's beside its weights.
 */
public final class AutoWeights {
    private AutoWeights() {
    }

    public static double[] of(ModelFolder general, List<TaskVector> vectors) throws UserInputException, IOException {
        OptionalLong g = TrainingRecord.besideModel(general.root()).map(TrainingRecord::examples).orElse(OptionalLong.empty());
        if (g.isEmpty() || g.getAsLong() == 0) {
            throw UserInputException.about(general.root(), "--weights auto needs the general model's dataset size: write "
                    + TrainingRecord.FILE_NAME + " there with {\"dataset\": {\"examples\": N}} (N = examples in its training mix),"
                    + " or give each weight as TV:W");
        }
        double[] weights = new double[vectors.size()];
        for (int k = 0; k < weights.length; k++) {
            TaskVector v = vectors.get(k);
            OptionalLong d = v.manifest().training().examples();
            if (d.isEmpty()) {
                throw UserInputException.about(v.root(), "--weights auto needs the expert's dataset size, but " + TaskVectorManifest.FILE_NAME
                        + " records none: put " + TrainingRecord.FILE_NAME + " with {\"dataset\": {\"examples\": N}} in the expert's folder"
                        + " and extract again, or give the weight as " + v.root() + ":W");
            }
            weights[k] = (double) d.getAsLong() / g.getAsLong();
        }
        return weights;
    }
}
