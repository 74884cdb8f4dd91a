package dev.skillmerge.taskvectors.lora;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.merge.method.Passthrough;
import dev.skillmerge.merge.plan.PlannedTensor;
import dev.skillmerge.merge.run.MergeRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code lora merge}: a model folder with W += s (alpha / r) B A (rsLoRA: alpha / sqrt r) on every
 * module the adapter targets. Each tensor is a copy on the merge engine's runner: untouched ones are
 * copied inside the kernel, adapted ones are computed as they are written ({@link AdaptedTensor}).
 * Config, tokenizer and other files come from the base model.
 */
public final class LoraMerge {
    private final ModelFolder base;
    private final List<PlannedTensor> tensors;
    private final int adapted;

    private LoraMerge(ModelFolder base, List<PlannedTensor> tensors, int adapted) {
        this.base = base;
        this.tensors = tensors;
        this.adapted = adapted;
    }

    public static LoraMerge plan(ModelFolder base, LoraAdapter adapter, double scale) throws UserInputException {
        Map<String, StoredTensor> merged = adapter.mergedInto(base, scale);
        List<PlannedTensor> tensors = new ArrayList<>();
        for (StoredTensor t : base.tensors()) {
            StoredTensor source = merged.getOrDefault(t.name(), t);
            tensors.add(new PlannedTensor(t.name(), t.shape(), t.dtype(), null, List.of(source), List.of(Map.of("scale", 1.0)), Map.of(), true));
        }
        return new LoraMerge(base, tensors, merged.size());
    }

    /** How many of the model's weights the adapter changes. */
    public int adaptedTensors() {
        return adapted;
    }

    public int tensorCount() {
        return tensors.size();
    }

    public long inputBytes() {
        return tensors.stream().mapToLong(PlannedTensor::inputBytes).sum();
    }

    public void run(int threads, long maxShardBytes, Path outDir, Progress progress) throws IOException, UserInputException {
        MergeRunner.run(new Passthrough(), tensors, null, base.root(), 0, threads, maxShardBytes, outDir, progress);
        if (base.config().isPresent()) {
            Json.write(outDir.resolve(ModelFolder.CONFIG), base.config().get().json());
        }
        for (Path file : base.tagAlongFiles()) {
            // the base's training record describes the base, not base + adapter
            if (!file.getFileName().toString().equals("training.json")) {
                Files.copy(file, outDir.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
