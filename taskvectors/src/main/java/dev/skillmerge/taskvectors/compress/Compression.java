package dev.skillmerge.taskvectors.compress;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.rng.PositionalRandom;
import dev.skillmerge.checkpoint.safetensors.SafetensorsWriter;
import dev.skillmerge.checkpoint.safetensors.TensorOutput;
import dev.skillmerge.checkpoint.stream.TensorJobs;
import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.checkpoint.tensor.TensorSpec;
import dev.skillmerge.taskvectors.lora.AdapterConfig;
import dev.skillmerge.taskvectors.lora.LoraAdapter;
import dev.skillmerge.taskvectors.lora.PeftNames;
import dev.skillmerge.taskvectors.lora.PeftNames.Factor;
import dev.skillmerge.taskvectors.svd.LowRank;
import dev.skillmerge.taskvectors.svd.Matrix;
import dev.skillmerge.taskvectors.svd.RandomizedSvd;
import dev.skillmerge.taskvectors.vector.TaskVector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code taskvector compress}: every 2-D tensor of a task vector as a rank-r truncated SVD, tau ~ L R,
 * written as a PEFT LoRA adapter with alpha = r (scaling 1), so that {@code lora merge} onto the base
 * adds L R back. Linear weights become lora_B = L, lora_A = R; embedding tables, whose LoRA update PEFT
 * stores transposed, lora_embedding_A = L^T, lora_embedding_B = R^T. 1-D tensors have no LoRA form and
 * are reported as left out.
 */
public final class Compression {
    public static final String REPORT_FILE = "skillmerge_compression.json";

    private final TaskVector vector;
    private final int rank;
    private final int oversample;
    private final int powerIterations;
    private final long seed;
    private final DType dtype;
    private final List<StoredTensor> matrices;
    private final List<StoredTensor> leftOut;

    private Compression(TaskVector vector, int rank, int oversample, int powerIterations, long seed, DType dtype,
                        List<StoredTensor> matrices, List<StoredTensor> leftOut) {
        this.vector = vector;
        this.rank = rank;
        this.oversample = oversample;
        this.powerIterations = powerIterations;
        this.seed = seed;
        this.dtype = dtype;
        this.matrices = matrices;
        this.leftOut = leftOut;
    }

    public static Compression plan(TaskVector vector, int rank, int oversample, int powerIterations, long seed, DType dtype)
            throws UserInputException {
        if (rank < 1) {
            throw new UserInputException("--rank must be at least 1, got " + rank);
        }
        List<StoredTensor> matrices = new ArrayList<>();
        List<StoredTensor> leftOut = new ArrayList<>();
        for (StoredTensor t : vector.tensors()) {
            if (t.shape().rank() != 2) {
                leftOut.add(t);
                continue;
            }
            long smaller = Math.min(t.shape().dim(0), t.shape().dim(1));
            if (rank > smaller) {
                throw UserInputException.about(vector.root(), "--rank " + rank + " exceeds the smaller dimension of tensor '" + t.name()
                        + "' " + t.shape() + "; choose a rank of at most " + smaller);
            }
            matrices.add(t);
        }
        if (matrices.isEmpty()) {
            throw UserInputException.about(vector.root(), "has no 2-D tensors to compress");
        }
        return new Compression(vector, rank, oversample, powerIterations, seed, dtype, matrices, leftOut);
    }

    public int tensorCount() {
        return matrices.size();
    }

    public long inputBytes() {
        return matrices.stream().mapToLong(StoredTensor::byteLength).sum();
    }

    public CompressionReport run(int threads, Path outDir, Progress progress) throws IOException, UserInputException {
        List<TensorSpec> specs = new ArrayList<>();
        for (StoredTensor t : matrices) {
            int m = (int) t.shape().dim(0);
            int n = (int) t.shape().dim(1);
            String module = PeftNames.moduleOf(t.name());
            if (PeftNames.isEmbedding(t.name())) {
                specs.add(new TensorSpec(PeftNames.key(module, Factor.EMBEDDING_A), dtype, Shape.of(rank, m)));
                specs.add(new TensorSpec(PeftNames.key(module, Factor.EMBEDDING_B), dtype, Shape.of(n, rank)));
            } else {
                specs.add(new TensorSpec(PeftNames.key(module, Factor.A), dtype, Shape.of(rank, n)));
                specs.add(new TensorSpec(PeftNames.key(module, Factor.B), dtype, Shape.of(m, rank)));
            }
        }
        CompressionReport.TensorFigures[] figures = new CompressionReport.TensorFigures[matrices.size()];
        List<Integer> largestFirst = IntStream.range(0, matrices.size()).boxed()
                .sorted(Comparator.comparingLong((Integer i) -> matrices.get(i).byteLength()).reversed()).toList();
        try (SafetensorsWriter writer = SafetensorsWriter.create(outDir.resolve(LoraAdapter.WEIGHTS), specs, Map.of("format", "pt"))) {
            TensorJobs.forEach(largestFirst, threads, i -> {
                StoredTensor t = matrices.get(i);
                LowRank f = RandomizedSvd.compute(Matrix.of(t), rank, oversample, powerIterations, PositionalRandom.of(seed, "svd:" + t.name()));
                write(writer, t, f);
                figures[i] = new CompressionReport.TensorFigures(t.name(), t.shape(), f.frobeniusSquared(), f.capturedEnergy());
                progress.advance(1, t.byteLength());
            });
        }
        List<CompressionReport.LeftOut> lost = new ArrayList<>();
        for (StoredTensor t : leftOut) {
            lost.add(new CompressionReport.LeftOut(t.name(), t.shape(), squaredNorm(t)));
        }
        LinkedHashSet<String> targets = new LinkedHashSet<>();
        matrices.forEach(t -> targets.add(PeftNames.shortName(PeftNames.moduleOf(t.name()))));
        Json.write(outDir.resolve(AdapterConfig.FILE_NAME), AdapterConfig.plain(rank, rank, List.copyOf(targets), vector.manifest().base().path()));
        CompressionReport report = new CompressionReport(rank, List.of(figures), lost);
        Json.write(outDir.resolve(REPORT_FILE), report.json());
        return report;
    }

    private void write(SafetensorsWriter writer, StoredTensor t, LowRank f) throws IOException {
        String module = PeftNames.moduleOf(t.name());
        if (PeftNames.isEmbedding(t.name())) {
            write(writer, PeftNames.key(module, Factor.EMBEDDING_A), transpose(f.left(), f.rows(), rank));
            write(writer, PeftNames.key(module, Factor.EMBEDDING_B), transpose(f.right(), rank, f.columns()));
        } else {
            write(writer, PeftNames.key(module, Factor.A), f.right());
            write(writer, PeftNames.key(module, Factor.B), f.left());
        }
    }

    private static void write(SafetensorsWriter writer, String key, float[] values) throws IOException {
        try (TensorOutput out = writer.open(key)) {
            out.writeFloats(values, 0, values.length);
        }
    }

    private static float[] transpose(float[] a, int rows, int columns) {
        float[] t = new float[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                t[j * rows + i] = a[i * columns + j];
            }
        }
        return t;
    }

    private static double squaredNorm(StoredTensor t) throws IOException {
        float[] values = new float[Math.toIntExact(t.elementCount())];
        t.readFloats(0, values, 0, values.length);
        double sum = 0;
        for (float v : values) {
            sum += (double) v * v;
        }
        return sum;
    }
}
