package dev.skillmerge.taskvectors.lora;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.merge.plan.AdapterMerge;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The merge engine's hook for {@code model+adapter} config inputs (registered in
 * META-INF/services): the model's tensors read with the adapter merged in at scale 1, exactly as
 * {@code lora merge} would write them, without writing them first.
 */
public final class LoraAdapterMerge implements AdapterMerge {
    @Override
    public UnaryOperator<StoredTensor> open(ModelFolder model, Path adapter) throws UserInputException, IOException {
        Map<String, StoredTensor> merged = LoraAdapter.read(adapter).mergedInto(model, 1.0);
        return t -> merged.getOrDefault(t.name(), t);
    }
}
