package dev.skillmerge.runtime.testing;

import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.WeightsWriter;
import dev.skillmerge.checkpoint.safetensors.TensorOutput;
import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.checkpoint.tensor.TensorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes float32 tensors as a model folder, taking config.json (and the shapes of known tensors) from another. */
public final class FolderWriter {
    private FolderWriter() {
    }

    public static void write(Path out, Path like, Map<String, float[]> tensors) throws Exception {
        Files.createDirectories(out);
        List<TensorSpec> specs = new ArrayList<>();
        try (ModelFolder f = ModelFolder.open(like)) {
            for (Map.Entry<String, float[]> e : tensors.entrySet()) {
                Shape shape = f.tensor(e.getKey()).map(t -> t.shape()).orElse(Shape.of(e.getValue().length));
                specs.add(new TensorSpec(e.getKey(), DType.F32, shape));
            }
        }
        try (WeightsWriter w = WeightsWriter.create(out, specs, Long.MAX_VALUE)) {
            for (TensorSpec s : specs) {
                try (TensorOutput o = w.open(s.name())) {
                    float[] v = tensors.get(s.name());
                    o.writeFloats(v, 0, v.length);
                }
            }
            w.finish();
        }
        Files.copy(like.resolve("config.json"), out.resolve("config.json"));
    }
}
