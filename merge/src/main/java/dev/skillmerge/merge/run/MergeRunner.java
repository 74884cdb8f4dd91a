package dev.skillmerge.merge.run;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.convert.Conversion;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.WeightsWriter;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.safetensors.TensorOutput;
import dev.skillmerge.checkpoint.stream.TensorJobs;
import dev.skillmerge.checkpoint.tensor.TensorReader;
import dev.skillmerge.merge.method.InvalidMergeException;
import dev.skillmerge.merge.method.MergeMethod;
import dev.skillmerge.merge.plan.MergePlan;
import dev.skillmerge.merge.plan.PlannedTensor;
import dev.skillmerge.merge.sparsify.RankSelection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Executes a merge plan into a folder: one job per output tensor on {@code threads} threads, largest
 * tensors first so the threads finish together. Results do not depend on the thread count: every
 * tensor is computed alone, in a fixed order of its elements.
 */
public final class MergeRunner {
    private MergeRunner() {
    }

    public static void run(MergePlan plan, long seed, int threads, long maxShardBytes, Path outDir, Progress progress)
            throws IOException, UserInputException {
        DType compute = plan.config().dtype().filter(d -> d != DType.F32).orElse(null);
        run(plan.method(), plan.tensors(), compute, plan.config().file(), seed, threads, maxShardBytes, outDir, progress);
    }

    /**
     * Runs tensors planned without a config (task-vector arithmetic, LoRA merges) through {@code method}
     * with the same streaming, threads and writer. {@code compute} is the dtype inputs are rounded to
     * (null: float32, no rounding); a method's complaint about a tensor is reported about {@code subject}.
     */
    public static void run(MergeMethod method, List<PlannedTensor> tensors, DType compute, Path subject, long seed, int threads,
                           long maxShardBytes, Path outDir, Progress progress) throws IOException, UserInputException {
        List<PlannedTensor> order = new ArrayList<>(tensors);
        order.sort(Comparator.comparingLong(PlannedTensor::inputBytes).reversed());
        try (WeightsWriter writer = WeightsWriter.create(outDir, tensors.stream().map(PlannedTensor::spec).toList(), maxShardBytes)) {
            TensorJobs.forEach(order, threads, t -> {
                try (TensorOutput out = writer.open(t.name())) {
                    if (t.copy()) {
                        Conversion.copy(t.copySource(), out, progress);
                    } else {
                        try (StreamingTensorMerge tensor = new StreamingTensorMerge(t, compute, seed, out, outDir, progress)) {
                            method.merge(tensor);
                        }
                    }
                } catch (InvalidMergeException e) {
                    throw UserInputException.about(subject, "tensor '" + t.name() + "': " + e.getMessage());
                }
                progress.advance(1, 0);
            });
            writer.finish();
        }
    }

    /**
     * Memory a merge holds per thread and in all: input, output and work buffers of one chunk, one
     * mapped window per input (file pages count towards the resident set while mapped), and the rank
     * selection's counters per input (ties, breadcrumbs, sce; counted for every method, as an upper bound).
     */
    public static long memoryEstimate(MergePlan plan, int threads) {
        int inputs = plan.tensors().stream().mapToInt(t -> t.inputs().size() + (t.base() != null ? 1 : 0)).max().orElse(1);
        long buffers = (long) (inputs + 2 + inputs + 2) * StreamingTensorMerge.CHUNK_ELEMENTS * Float.BYTES;
        long windows = inputs * TensorReader.WINDOW_BYTES;
        long selection = inputs * RankSelection.BYTES_PER_STREAM;
        // the process without any merge thread: measured as a 0.5B ties merge's peak RSS at one thread (332 MB)
        // less one thread's share (472 MB at two threads: 140 MB per thread, as estimated below)
        long jvm = 192L << 20;
        return jvm + threads * (buffers + windows + selection);
    }
}
