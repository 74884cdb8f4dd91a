package dev.skillmerge.checkpoint.synth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.convert.Conversion;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelConfig;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.hf.WeightsWriter;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.rng.PositionalRandom;
import dev.skillmerge.checkpoint.safetensors.TensorOutput;
import dev.skillmerge.checkpoint.stream.Chunks;
import dev.skillmerge.checkpoint.stream.TensorJobs;
import dev.skillmerge.checkpoint.stream.WorkBuffers;
import dev.skillmerge.checkpoint.tensor.TensorReader;
import dev.skillmerge.checkpoint.tensor.TensorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Deterministic synthetic checkpoints for tests and benchmarks. A base model has weights uniform with
 * standard deviation 0.02 (transformers' initializer_range; uniform because it is cheap and only the
 * scale matters here) and RMSNorm weights of 1. An "expert" is an existing model plus uniform noise of a
 * given standard deviation on every floating-point tensor. Every value is a pure function of
 * (seed, tensor name, position), so the same arguments give byte-identical files at any thread count.
 */
public final class SyntheticCheckpoint {
    private static final float INIT_STD = 0.02f;
    private static final float SQRT3 = (float) Math.sqrt(3);

    private SyntheticCheckpoint() {
    }

    public static void writeBase(SynthShape shape, DType dtype, long seed, long maxShardBytes, int threads, Path outDir,
                                 Progress progress) throws IOException, UserInputException {
        List<TensorSpec> specs = shape.tensors(dtype);
        try (WeightsWriter writer = WeightsWriter.create(outDir, specs, maxShardBytes)) {
            TensorJobs.forEach(specs, threads, spec -> {
                boolean norm = spec.shape().rank() == 1;
                PositionalRandom random = PositionalRandom.of(seed, spec.name());
                float scale = INIT_STD * SQRT3;
                fill(writer, spec, progress, (from, buffer, length) -> {
                    for (int i = 0; i < length; i++) {
                        buffer[i] = norm ? 1f : scale * random.symmetric(from + i);
                    }
                });
            });
            writer.finish();
        }
        Json.write(outDir.resolve(ModelFolder.CONFIG), shape.config(dtype));
        writeGenerationConfig(outDir);
    }

    /** Writes {@code base} plus noise of standard deviation {@code noise}; non-float tensors are copied unchanged. */
    public static void writeExpert(ModelFolder base, float noise, long seed, long maxShardBytes, int threads, Path outDir,
                                   Progress progress) throws IOException, UserInputException {
        List<StoredTensor> tensors = base.tensors();
        List<TensorSpec> specs = tensors.stream().map(t -> new TensorSpec(t.name(), t.dtype(), t.shape())).toList();
        try (WeightsWriter writer = WeightsWriter.create(outDir, specs, maxShardBytes)) {
            TensorJobs.forEach(tensors, threads, t -> {
                if (!t.dtype().isFloatingPoint()) {
                    try (TensorOutput out = writer.open(t.name())) {
                        Conversion.copy(t, out, progress);
                    }
                    progress.advance(1, 0);
                    return;
                }
                PositionalRandom random = PositionalRandom.of(seed, "noise:" + t.name());
                float scale = noise * SQRT3;
                try (TensorReader reader = t.reader()) {
                    fill(writer, new TensorSpec(t.name(), t.dtype(), t.shape()), progress, (from, buffer, length) -> {
                        reader.read(from, buffer, 0, length);
                        for (int i = 0; i < length; i++) {
                            buffer[i] += scale * random.symmetric(from + i);
                        }
                    });
                }
            });
            writer.finish();
        }
        if (base.config().isPresent()) {
            Json.write(outDir.resolve(ModelFolder.CONFIG), base.config().map(ModelConfig::json).orElseThrow());
        }
        for (Path file : base.tagAlongFiles()) {
            Files.copy(file, outDir.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    @FunctionalInterface
    private interface ChunkFiller {
        void fill(long from, float[] buffer, int length) throws IOException;
    }

    private static void fill(WeightsWriter writer, TensorSpec spec, Progress progress, ChunkFiller filler) throws IOException {
        long n = spec.shape().elementCount();
        float[] buffer = WorkBuffers.get(0);
        try (TensorOutput out = writer.open(spec.name())) {
            for (int c = 0; c < Chunks.count(n); c++) {
                int length = Chunks.length(n, c);
                filler.fill(Chunks.start(c), buffer, length);
                out.writeFloats(buffer, 0, length);
                progress.advance(0, (long) length * spec.dtype().byteSize());
            }
        }
        progress.advance(1, 0);
    }

    private static void writeGenerationConfig(Path outDir) throws IOException {
        ObjectNode g = Json.MAPPER.createObjectNode();
        g.put("bos_token_id", 1);
        g.put("eos_token_id", 2);
        Json.write(outDir.resolve("generation_config.json"), g);
    }
}
