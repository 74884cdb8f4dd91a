package dev.skillmerge.merge.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.safetensors.SafetensorsWriter;
import dev.skillmerge.checkpoint.safetensors.TensorOutput;
import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.checkpoint.tensor.TensorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-written tiny models with exact values, for tests that compute expected results by hand. */
public final class TinyModel {
    private final Path dir;
    private final Map<String, float[]> values = new LinkedHashMap<>();
    private final Map<String, Shape> shapes = new LinkedHashMap<>();
    private DType dtype = DType.F32;
    private String modelType = "llama";
    private int layers = 1;

    private TinyModel(Path dir) {
        this.dir = dir;
    }

    public static TinyModel at(Path dir) {
        return new TinyModel(dir);
    }

    public TinyModel tensor(String name, float... v) {
        return tensor(name, Shape.of(v.length), v);
    }

    public TinyModel tensor(String name, Shape shape, float... v) {
        if (shape.elementCount() != v.length) {
            throw new IllegalArgumentException(name + ": " + v.length + " values for shape " + shape);
        }
        values.put(name, v.clone());
        shapes.put(name, shape);
        return this;
    }

    public TinyModel dtype(DType d) {
        this.dtype = d;
        return this;
    }

    public TinyModel modelType(String type) {
        this.modelType = type;
        return this;
    }

    public TinyModel layers(int n) {
        this.layers = n;
        return this;
    }

    public Path write() throws IOException {
        Files.createDirectories(dir);
        List<TensorSpec> specs = new ArrayList<>();
        values.forEach((name, v) -> specs.add(new TensorSpec(name, dtype, shapes.get(name))));
        try (SafetensorsWriter w = SafetensorsWriter.create(dir.resolve("model.safetensors"), specs, Map.of("format", "pt"))) {
            for (Map.Entry<String, float[]> e : values.entrySet()) {
                try (TensorOutput out = w.open(e.getKey())) {
                    out.writeFloats(e.getValue(), 0, e.getValue().length);
                }
            }
        }
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.putArray("architectures").add("LlamaForCausalLM");
        config.put("model_type", modelType);
        config.put("num_hidden_layers", layers);
        config.put("torch_dtype", dtype.torchName());
        Json.write(dir.resolve("config.json"), config);
        return dir;
    }

    /** Every value of a tensor of a model folder, as float32. */
    public static float[] read(Path model, String tensor) throws Exception {
        try (ModelFolder m = ModelFolder.open(model)) {
            StoredTensor t = m.tensor(tensor).orElseThrow(() -> new AssertionError("no tensor " + tensor + " in " + model));
            float[] out = new float[(int) t.elementCount()];
            t.readFloats(0, out, 0, out.length);
            return out;
        }
    }
}
