package dev.skillmerge.taskvectors.arithmetic;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.merge.plan.PlannedTensor;
import dev.skillmerge.merge.run.MergeRunner;
import dev.skillmerge.merge.sparsify.BernoulliDrop;
import dev.skillmerge.merge.sparsify.MagnitudeTopK;
import dev.skillmerge.taskvectors.source.ZeroTensor;
import dev.skillmerge.taskvectors.vector.TaskVector;
import dev.skillmerge.taskvectors.vector.TaskVectorManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code taskvector sparsify}: keeps a fraction {@code density} of each tensor's entries, with the merge
 * engine's sparsifiers. Magnitude keeps exactly int(density n) largest |tau| (TIES trimming, radix
 * selection); random keeps each entry with probability density (DARE), masks a function of
 * (seed, tensor, position) as in a dare merge with that seed. Rescaling: none, L1 (mergekit's default
 * for DARE: the kept entries carry the whole L1 norm), or 1/density (the DARE paper; random only).
 */
public final class Sparsify {
    public enum Method { MAGNITUDE, RANDOM }

    public enum Rescale { NONE, L1, DENSITY }

    private final TaskVector vector;
    private final SparsifiedDelta method;
    private final List<PlannedTensor> tensors;
    private final TaskVectorManifest manifest;
    private final long seed;

    private Sparsify(TaskVector vector, SparsifiedDelta method, List<PlannedTensor> tensors, TaskVectorManifest manifest, long seed) {
        this.vector = vector;
        this.method = method;
        this.tensors = tensors;
        this.manifest = manifest;
        this.seed = seed;
    }

    public static Sparsify plan(TaskVector vector, double density, Method how, Rescale rescale, long seed, Optional<DType> dtype)
            throws UserInputException {
        if (!(density >= 0 && density <= 1)) {
            throw new UserInputException("--density " + density + " is outside [0, 1]");
        }
        if (how == Method.MAGNITUDE && rescale == Rescale.DENSITY) {
            throw new UserInputException("--rescale density is DARE's correction for random drops; with --method magnitude use none or l1");
        }
        SparsifiedDelta method = new SparsifiedDelta(how == Method.MAGNITUDE ? new MagnitudeTopK() : new BernoulliDrop());
        DType out = dtype.orElse(vector.manifest().dtype());
        Map<String, Double> global = Map.of("rescale", rescale == Rescale.NONE ? 0.0 : 1.0, "rescale_by_density", rescale == Rescale.DENSITY ? 1.0 : 0.0);
        List<PlannedTensor> tensors = new ArrayList<>();
        for (StoredTensor t : vector.tensors()) {
            tensors.add(new PlannedTensor(t.name(), t.shape(), out, ZeroTensor.like(t), List.of(t), List.of(Map.of("density", density)), global, false));
        }
        String derivation = String.format(Locale.ROOT, "sparsify %s density %s rescale %s%s", how.name().toLowerCase(Locale.ROOT), density,
                rescale.name().toLowerCase(Locale.ROOT), how == Method.RANDOM ? " seed " + seed : "");
        return new Sparsify(vector, method, tensors, vector.manifest().derived(out, derivation, true), seed);
    }

    public int tensorCount() {
        return tensors.size();
    }

    public long inputBytes() {
        return tensors.stream().mapToLong(PlannedTensor::inputBytes).sum();
    }

    public TaskVectorManifest run(int threads, long maxShardBytes, Path outDir, Progress progress) throws IOException, UserInputException {
        MergeRunner.run(method, tensors, null, vector.root(), seed, threads, maxShardBytes, outDir, progress);
        manifest.write(outDir);
        return manifest;
    }
}
