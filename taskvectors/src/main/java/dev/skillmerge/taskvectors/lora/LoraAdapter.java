package dev.skillmerge.taskvectors.lora;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.safetensors.SafetensorsFile;
import dev.skillmerge.checkpoint.tensor.TensorFile;
import dev.skillmerge.checkpoint.tensor.TensorInfo;
import dev.skillmerge.checkpoint.torch.TorchCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PEFT LoRA adapter folder: adapter_config.json and adapter_model.safetensors (or a legacy
 * adapter_model.bin, read without running pickle code). The factors are loaded into memory in float32:
 * adapters are small by design (r (m + n) per module against m n for the weight). Checking it against
 * a model turns an adapter for another architecture into a one-line error before anything is written.
 */
public final class LoraAdapter {
    public static final String WEIGHTS = "adapter_model.safetensors";
    static final String LEGACY_WEIGHTS = "adapter_model.bin";

    private final Path root;
    private final AdapterConfig config;
    private final Map<String, LoraModule> modules;

    private LoraAdapter(Path root, AdapterConfig config, Map<String, LoraModule> modules) {
        this.root = root;
        this.config = config;
        this.modules = modules;
    }

    public static LoraAdapter read(Path folder) throws UserInputException, IOException {
        if (!Files.isDirectory(folder)) {
            throw UserInputException.about(folder, "no such adapter folder");
        }
        if (!Files.isRegularFile(folder.resolve(AdapterConfig.FILE_NAME))) {
            throw UserInputException.about(folder, "not a PEFT adapter folder (no " + AdapterConfig.FILE_NAME + ")");
        }
        AdapterConfig config = AdapterConfig.read(folder);
        Path weights = folder.resolve(WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            weights = folder.resolve(LEGACY_WEIGHTS);
            if (!Files.isRegularFile(weights)) {
                throw UserInputException.about(folder, "has no " + WEIGHTS + " (or " + LEGACY_WEIGHTS + ")");
            }
        }
        try (TensorFile file = weights.getFileName().toString().endsWith(".bin") ? TorchCheckpoint.open(weights) : SafetensorsFile.open(weights)) {
            return new LoraAdapter(folder, config, modules(weights, file, config));
        }
    }

    private static Map<String, LoraModule> modules(Path weights, TensorFile file, AdapterConfig config) throws UserInputException, IOException {
        Map<String, TensorInfo[]> factors = new LinkedHashMap<>();
        for (TensorInfo t : file.tensors()) {
            if (t.name().endsWith("lora_magnitude_vector") || t.name().contains(".lora_magnitude_vector.")) {
                throw UserInputException.about(weights, "holds DoRA magnitudes ('" + t.name() + "'); DoRA adapters are not merged here");
            }
            PeftNames.Key key = PeftNames.parse(t.name()).orElseThrow(() -> UserInputException.about(weights, "tensor '" + t.name()
                    + "' is not a LoRA factor (lora_A/lora_B.weight, lora_embedding_A/B); modules_to_save and bias adapters are not merged here"));
            if (t.shape().rank() != 2 || !t.dtype().isFloatingPoint()) {
                throw UserInputException.about(weights, "tensor '" + t.name() + "' is " + t.dtype() + " " + t.shape() + ", not a floating-point matrix");
            }
            factors.computeIfAbsent(key.module(), m -> new TensorInfo[2])[key.factor().isA() ? 0 : 1] = t;
        }
        Map<String, LoraModule> modules = new LinkedHashMap<>();
        for (Map.Entry<String, TensorInfo[]> e : factors.entrySet()) {
            String module = e.getKey();
            TensorInfo a = e.getValue()[0];
            TensorInfo b = e.getValue()[1];
            if (a == null || b == null) {
                throw UserInputException.about(weights, "module '" + module + "' has lora_" + (a == null ? "B but no lora_A" : "A but no lora_B"));
            }
            int rank = (int) a.shape().dim(0);
            if (b.shape().dim(1) != rank) {
                throw UserInputException.about(weights, "module '" + module + "': lora_A is " + a.shape() + " but lora_B " + b.shape()
                        + "; their rank must agree");
            }
            boolean embedding = PeftNames.parse(a.name()).orElseThrow().factor().embedding;
            modules.put(module, new LoraModule(module, rank, (int) b.shape().dim(0), (int) a.shape().dim(1), floats(file, a), floats(file, b),
                    embedding || config.fanInFanOut(), config.scaling(module, rank)));
        }
        if (modules.isEmpty()) {
            throw UserInputException.about(weights, "holds no LoRA factors");
        }
        return modules;
    }

    private static float[] floats(TensorFile file, TensorInfo t) throws IOException {
        float[] out = new float[Math.toIntExact(t.elementCount())];
        file.readFloats(t, 0, out, 0, out.length);
        return out;
    }

    public Path root() {
        return root;
    }

    public AdapterConfig config() {
        return config;
    }

    public List<LoraModule> modules() {
        return List.copyOf(modules.values());
    }

    /**
     * The model's weights this adapter changes, by name, each read with {@code scale} times its update
     * merged in. Every module must exist in the model with the update's shape: otherwise the adapter is
     * for another architecture, a one-line error naming the module.
     */
    public Map<String, StoredTensor> mergedInto(ModelFolder model, double scale) throws UserInputException {
        Map<String, StoredTensor> out = new LinkedHashMap<>();
        String forModel = config.baseModel().map(b -> " (it was made for " + b + ")").orElse("");
        for (LoraModule m : modules.values()) {
            String name = m.module() + ".weight";
            StoredTensor w = model.tensor(name).orElseThrow(() -> UserInputException.about(root, "targets module '" + m.module()
                    + "' but " + model.root() + " has no tensor '" + name + "': the adapter is for another architecture" + forModel));
            if (!w.shape().equals(m.weightShape()) || !w.dtype().isFloatingPoint()) {
                throw UserInputException.about(root, "the update of '" + m.module() + "' is " + m.weightShape() + " (rank " + m.rank()
                        + ") but " + model.root() + " has '" + name + "' " + w.shape() + ": the adapter is for another architecture" + forModel);
            }
            out.put(name, new AdaptedTensor(w, m, scale).asStored());
        }
        return out;
    }
}
