package dev.skillmerge.finetune.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.runtime.model.LlamaConfig;
import dev.skillmerge.runtime.model.LlamaModel;
import dev.skillmerge.runtime.model.LlamaWeights;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Loading test models onto the CPU, in float32 as the trainer runs or float64 for finite differences. */
public final class Models {
    private Models() {
    }

    public static LlamaModel load(Path folder, NDManager manager, DataType type) throws Exception {
        try (ModelFolder f = ModelFolder.open(folder)) {
            LlamaConfig config = LlamaConfig.from(f.config().orElseThrow(), folder.resolve(ModelFolder.CONFIG));
            LlamaWeights loaded = LlamaWeights.load(f, config, manager, Progress.silent(0, 0));
            if (type == DataType.FLOAT32) {
                return new LlamaModel(config, loaded, manager);
            }
            Map<String, NDArray> converted = new LinkedHashMap<>();
            loaded.parameters().forEach((name, a) -> converted.put(name, a.toType(type, true)));
            loaded.close();
            return new LlamaModel(config, LlamaWeights.of(converted), manager);
        }
    }

    public static double[] doubles(NDArray a) {
        return a.toType(DataType.FLOAT64, true).toDoubleArray();
    }
}
