package dev.skillmerge.taskvectors.testing;

import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads whole tensors of a folder for comparisons: values as float32, or the stored bytes. */
public final class Tensors {
    private Tensors() {
    }

    public static Map<String, float[]> values(Path folder) throws Exception {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (ModelFolder m = ModelFolder.open(folder)) {
            for (StoredTensor t : m.tensors()) {
                float[] v = new float[(int) t.elementCount()];
                t.readFloats(0, v, 0, v.length);
                out.put(t.name(), v);
            }
        }
        return out;
    }

    public static Map<String, byte[]> bytes(Path folder) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ModelFolder m = ModelFolder.open(folder); Arena arena = Arena.ofConfined()) {
            for (StoredTensor t : m.tensors()) {
                out.put(t.name(), t.mapBytes(0, t.byteLength(), arena).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            }
        }
        return out;
    }
}
