package dev.skillmerge.taskvectors.arithmetic;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelConfig;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.merge.plan.PlannedTensor;
import dev.skillmerge.taskvectors.vector.ModelIdentity;
import dev.skillmerge.taskvectors.vector.TaskVectorManifest;
import dev.skillmerge.taskvectors.vector.TaskVectorManifest.SkippedTensor;
import dev.skillmerge.taskvectors.vector.TrainingRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code taskvector extract}: tau = theta_tuned - theta_base for every floating-point tensor, computed in
 * float32 and stored as {@code dtype}. Both models must hold the same tensor names and shapes; integer
 * tensors have no task vector and are listed in the manifest instead. The tuned model's training.json,
 * when its trainer wrote one, gives the dataset size the paper's weight heuristic needs.
 */
public final class Extraction {
    private final ModelFolder base;
    private final ModelFolder tuned;
    private final List<PlannedTensor> tensors;
    private final List<SkippedTensor> skipped;
    private final TrainingRecord training;
    private final List<String> warnings;
    private final DType dtype;

    private Extraction(ModelFolder base, ModelFolder tuned, List<PlannedTensor> tensors, List<SkippedTensor> skipped,
                       TrainingRecord training, List<String> warnings, DType dtype) {
        this.base = base;
        this.tuned = tuned;
        this.tensors = tensors;
        this.skipped = skipped;
        this.training = training;
        this.warnings = warnings;
        this.dtype = dtype;
    }

    public static Extraction plan(ModelFolder base, ModelFolder tuned, DType dtype) throws UserInputException, IOException {
        List<PlannedTensor> tensors = new ArrayList<>();
        List<SkippedTensor> skipped = new ArrayList<>();
        for (StoredTensor b : base.tensors()) {
            if (tuned.tensor(b.name()).isEmpty()) {
                throw UserInputException.about(tuned.root(), "has no tensor '" + b.name() + "' that the base " + base.root()
                        + " has: was it fine-tuned from another model?");
            }
        }
        for (StoredTensor t : tuned.tensors()) {
            StoredTensor b = base.tensor(t.name()).orElseThrow(() -> UserInputException.about(tuned.root(), "has tensor '" + t.name()
                    + "' that the base " + base.root() + " lacks: was it fine-tuned from another model?"));
            if (!b.shape().equals(t.shape())) {
                throw UserInputException.about(tuned.root(), "tensor '" + t.name() + "' is " + t.shape() + " but " + b.shape()
                        + " in the base " + base.root() + " (a resized vocabulary?)");
            }
            if (!t.dtype().isFloatingPoint() || !b.dtype().isFloatingPoint()) {
                skipped.add(new SkippedTensor(t.name(), t.dtype()));
                continue;
            }
            tensors.add(WeightedSum.of(t, dtype, List.of(t, b), new double[] {1, -1}));
        }
        TrainingRecord training = TrainingRecord.besideModel(tuned.root()).orElse(TrainingRecord.NONE);
        List<String> warnings = new ArrayList<>();
        Optional<String> recordedBase = training.baseFingerprint();
        if (recordedBase.isPresent() && !recordedBase.get().equals(base.fingerprint())) {
            warnings.add(tuned.root() + "/" + TrainingRecord.FILE_NAME + " says it was trained from " + recordedBase.get().substring(0, 12)
                    + "... but " + base.root() + " is " + base.fingerprint().substring(0, 12) + "...; the task vector mixes two fine-tunings");
        }
        return new Extraction(base, tuned, tensors, skipped, training, warnings, dtype);
    }

    public int tensorCount() {
        return tensors.size();
    }

    /** Bytes read: both models' floating-point tensors. */
    public long inputBytes() {
        return tensors.stream().mapToLong(PlannedTensor::inputBytes).sum();
    }

    public List<SkippedTensor> skipped() {
        return List.copyOf(skipped);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public TaskVectorManifest run(int threads, long maxShardBytes, Path outDir, Progress progress) throws IOException, UserInputException {
        WeightedSum.run(tensors, tuned.root(), threads, maxShardBytes, outDir, progress);
        TaskVectorManifest manifest = new TaskVectorManifest(dtype, ModelIdentity.of(base), Optional.of(ModelIdentity.of(tuned)),
                tuned.config().flatMap(ModelConfig::modelType), training, skipped, "extract");
        manifest.write(outDir);
        return manifest;
    }
}
