package dev.skillmerge.taskvectors.testing;

import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.safetensors.SafetensorsWriter;
import dev.skillmerge.checkpoint.safetensors.TensorOutput;
import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.checkpoint.tensor.TensorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-written PEFT adapter folders with exact factor values. */
public final class Adapters {
    private final Path dir;
    private final Map<String, float[]> values = new LinkedHashMap<>();
    private final Map<String, Shape> shapes = new LinkedHashMap<>();
    private String config = "{\"peft_type\": \"LORA\", \"r\": 1, \"lora_alpha\": 1, \"target_modules\": [\"q_proj\"]}";

    private Adapters(Path dir) {
        this.dir = dir;
    }

    public static Adapters at(Path dir) {
        return new Adapters(dir);
    }

    public Adapters config(String json) {
        this.config = json;
        return this;
    }

    /** A factor under its full PEFT key, e.g. base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight. */
    public Adapters tensor(String key, Shape shape, float... v) {
        values.put(key, v.clone());
        shapes.put(key, shape);
        return this;
    }

    public Path write() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("adapter_config.json"), config);
        List<TensorSpec> specs = new ArrayList<>();
        values.forEach((name, v) -> specs.add(new TensorSpec(name, DType.F32, shapes.get(name))));
        try (SafetensorsWriter w = SafetensorsWriter.create(dir.resolve("adapter_model.safetensors"), specs, Map.of("format", "pt"))) {
            for (Map.Entry<String, float[]> e : values.entrySet()) {
                try (TensorOutput out = w.open(e.getKey())) {
                    out.writeFloats(e.getValue(), 0, e.getValue().length);
                }
            }
        }
        return dir;
    }
}
