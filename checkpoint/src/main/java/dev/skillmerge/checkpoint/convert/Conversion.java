package dev.skillmerge.checkpoint.convert;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.dtype.HalfTranscoder;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelConfig;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.hf.WeightsWriter;
import dev.skillmerge.checkpoint.progress.Progress;
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
import java.util.Optional;

/**
 * Re-dtypes and re-shards a model into a folder: floating-point tensors are converted to the target
 * dtype (round to nearest, ties to even), integer tensors and unchanged dtypes are copied byte for
 * byte. config.json gets the new dtype; tokenizer and other files are carried over unchanged; a tied
 * head is not written twice.
 */
public final class Conversion {
    private Conversion() {
    }

    /**
     * @param target the dtype for floating-point tensors, or empty to keep each tensor's dtype
     * @param outDir an existing empty folder (normally {@code OutputFolder.dir()})
     */
    public static void run(ModelFolder model, Optional<DType> target, long maxShardBytes, int threads, Path outDir, Progress progress)
            throws IOException, UserInputException {
        List<StoredTensor> tensors = model.tensors().stream()
                .filter(t -> !(model.config().map(ModelConfig::tieWordEmbeddings).orElse(false) && t.name().equals("lm_head.weight")))
                .toList();
        List<TensorSpec> specs = tensors.stream()
                .map(t -> new TensorSpec(t.name(), outputDtype(t.dtype(), target), t.shape()))
                .toList();
        try (WeightsWriter writer = WeightsWriter.create(outDir, specs, maxShardBytes)) {
            TensorJobs.forEach(tensors, threads, t -> {
                try (TensorOutput out = writer.open(t.name())) {
                    copy(t, out, progress);
                }
                progress.advance(1, 0);
            });
            writer.finish();
        }
        writeConfig(model, target, outDir);
        for (Path file : model.tagAlongFiles()) {
            Files.copy(file, outDir.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    static DType outputDtype(DType source, Optional<DType> target) {
        return source.isFloatingPoint() && target.isPresent() ? target.get() : source;
    }

    /**
     * Streams one tensor into its output range: a byte copy when the dtype is unchanged, a table lookup per
     * element between f16 and bf16, else decoded to float32 and re-encoded.
     */
    public static void copy(StoredTensor t, TensorOutput out, Progress progress) throws IOException {
        if (out.tensor().dtype() == t.dtype()) {
            out.copyFrom(t.file(), t.info());
            progress.advance(0, t.byteLength());
            return;
        }
        long n = t.elementCount();
        Optional<HalfTranscoder> transcoder = HalfTranscoder.between(t.dtype(), out.tensor().dtype());
        if (transcoder.isPresent()) {
            try (TensorReader reader = t.reader()) {
                for (int c = 0; c < Chunks.count(n); c++) {
                    int length = Chunks.length(n, c);
                    out.writeTranscoded(transcoder.get(), reader.bytes(Chunks.start(c), length), length);
                    progress.advance(0, (long) length * t.dtype().byteSize());
                }
            }
            return;
        }
        float[] buffer = WorkBuffers.get(0);
        try (TensorReader reader = t.reader()) {
            for (int c = 0; c < Chunks.count(n); c++) {
                int length = Chunks.length(n, c);
                reader.read(Chunks.start(c), buffer, 0, length);
                out.writeFloats(buffer, 0, length);
                progress.advance(0, (long) length * t.dtype().byteSize());
            }
        }
    }

    private static void writeConfig(ModelFolder model, Optional<DType> target, Path outDir) throws IOException {
        Optional<ModelConfig> config = model.config();
        if (config.isEmpty()) {
            return;
        }
        ModelConfig out = target.map(config.get()::withTorchDtype).orElse(config.get());
        Json.write(outDir.resolve(ModelFolder.CONFIG), out.json());
    }
}
