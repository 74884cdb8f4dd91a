package dev.skillmerge.taskvectors.arithmetic;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.merge.plan.PlannedTensor;
import dev.skillmerge.taskvectors.vector.TaskVector;
import dev.skillmerge.taskvectors.vector.TaskVectorManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A new task vector as sum_k c_k tau_k: {@code negate} (c = -1), {@code scale} (c = s), {@code add}
 * (all 1), {@code sub} (1, -1). The vectors must hold the same tensors and shapes. Vectors taken against
 * different bases are a warning: their sum is rarely meaningful. The result keeps the first vector's
 * base, and its training record only when it derives from one vector (a scaled skill still came from
 * that dataset; a sum of two did not come from either).
 */
public final class Combination {
    private final List<TaskVector> vectors;
    private final List<PlannedTensor> tensors;
    private final TaskVectorManifest manifest;
    private final List<String> warnings;

    private Combination(List<TaskVector> vectors, List<PlannedTensor> tensors, TaskVectorManifest manifest, List<String> warnings) {
        this.vectors = vectors;
        this.tensors = tensors;
        this.manifest = manifest;
        this.warnings = warnings;
    }

    /** @param dtype the stored dtype of the result; empty: the widest of the inputs' */
    public static Combination plan(List<TaskVector> vectors, double[] coefficients, Optional<DType> dtype, String derivation)
            throws UserInputException {
        TaskVector first = vectors.getFirst();
        List<String> warnings = new ArrayList<>();
        for (TaskVector v : vectors.subList(1, vectors.size())) {
            first.requireSameTensors(v);
            if (!v.manifest().base().fingerprint().equals(first.manifest().base().fingerprint())) {
                warnings.add(v.root() + " was taken against base " + v.manifest().base().shortFingerprint() + " but " + first.root()
                        + " against " + first.manifest().base().shortFingerprint() + "; the result keeps the latter");
            }
        }
        DType out = dtype.orElseGet(() -> vectors.stream().map(v -> v.manifest().dtype()).max(Comparator.comparingInt(DType::byteSize)).orElseThrow());
        List<PlannedTensor> tensors = new ArrayList<>();
        for (StoredTensor t : first.tensors()) {
            List<StoredTensor> inputs = new ArrayList<>();
            for (TaskVector v : vectors) {
                inputs.add(v.tensor(t.name()).orElseThrow());
            }
            tensors.add(WeightedSum.of(t, out, inputs, coefficients));
        }
        TaskVectorManifest manifest = first.manifest().derived(out, derivation, vectors.size() == 1);
        return new Combination(vectors, tensors, manifest, warnings);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public int tensorCount() {
        return tensors.size();
    }

    public long inputBytes() {
        return tensors.stream().mapToLong(PlannedTensor::inputBytes).sum();
    }

    public TaskVectorManifest run(int threads, long maxShardBytes, Path outDir, Progress progress) throws IOException, UserInputException {
        WeightedSum.run(tensors, vectors.getFirst().root(), threads, maxShardBytes, outDir, progress);
        manifest.write(outDir);
        return manifest;
    }
}
