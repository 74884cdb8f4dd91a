package dev.skillmerge.finetune.output;

import ai.djl.ndarray.NDArray;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelConfig;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.WeightsWriter;
import dev.skillmerge.checkpoint.safetensors.TensorOutput;
import dev.skillmerge.checkpoint.tensor.TensorSpec;
import dev.skillmerge.runtime.model.LlamaWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes trained weights as a Hugging Face LlamaForCausalLM folder, like the base it started from: the
 * same tensor names, shapes and config.json (its dtype field set to the output dtype), sharded safetensors,
 * and the base's tokenizer, generation config and other files that travel with a model. Not copied: the
 * base's own training record and metrics, which describe the base.
 */
public final class ModelWriter {
    /** Files of the base that describe how the base was made, not the new model. */
    static final Set<String> NOT_CARRIED = Set.of("training.json", "metrics.jsonl");

    private ModelWriter() {
    }

    public static void write(LlamaWeights weights, ModelFolder base, DType dtype, long maxShardBytes, Path outDir) throws IOException {
        List<TensorSpec> specs = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : weights.parameters().entrySet()) {
            specs.add(ArrayTensors.spec(e.getKey(), e.getValue(), dtype));
        }
        try (WeightsWriter writer = WeightsWriter.create(outDir, specs, maxShardBytes)) {
            for (Map.Entry<String, NDArray> e : weights.parameters().entrySet()) {
                try (TensorOutput out = writer.open(e.getKey())) {
                    ArrayTensors.write(e.getValue(), out);
                }
            }
            writer.finish();
        }
        ModelConfig config = base.config().orElseThrow(() -> new IllegalStateException(base.root() + " has no config.json"));
        Json.write(outDir.resolve(ModelFolder.CONFIG), config.withTorchDtype(dtype).json());
        carryFiles(base, outDir);
    }

    /** Copies the base's tokenizer and other tag-along files into {@code outDir}. */
    public static void carryFiles(ModelFolder base, Path outDir) throws IOException {
        for (Path file : base.tagAlongFiles()) {
            if (!NOT_CARRIED.contains(file.getFileName().toString())) {
                Files.copy(file, outDir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
