package dev.skillmerge.runtime.testing;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.synth.SynthShape;
import dev.skillmerge.checkpoint.synth.SyntheticCheckpoint;
import dev.skillmerge.runtime.engine.TorchEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tiny random Llama checkpoints for tests, and the helpers to read them back as plain arrays. */
public final class TinyModels {
    private TinyModels() {
    }

    /**
     * A random model of {@code shape}: synth's base (std 0.02, norms 1) plus uniform noise of std 0.3 on every
     * tensor, so activations are large enough that attention, RoPE and the norms all matter to the logits.
     */
    public static Path random(Path dir, SynthShape shape, DType dtype, long seed) throws Exception {
        Path base = dir.resolve("base");
        Path model = dir.resolve("model");
        Files.createDirectories(base);
        Files.createDirectories(model);
        SyntheticCheckpoint.writeBase(shape, dtype, seed, Long.MAX_VALUE, 1, base, Progress.silent(0, 0));
        try (ModelFolder b = ModelFolder.open(base)) {
            SyntheticCheckpoint.writeExpert(b, 0.3f, seed + 1, Long.MAX_VALUE, 1, model, Progress.silent(0, 0));
        }
        return model;
    }

    /** Every tensor of a folder as float32, by name. */
    public static Map<String, float[]> floats(Path folder) throws Exception {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (ModelFolder f = ModelFolder.open(folder)) {
            for (StoredTensor t : f.tensors()) {
                float[] values = new float[Math.toIntExact(t.elementCount())];
                t.readFloats(0, values, 0, values.length);
                out.put(t.name(), values);
            }
        }
        return out;
    }

    public static NDManager cpuManager() {
        return TorchEngine.get().newBaseManager(Device.cpu());
    }

    /** max |a - b| / max |b|: the error relative to the scale of the reference logits. */
    public static double relativeError(float[] actual, double[] expected) {
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        return maxDiff / maxRef;
    }

    /** Logits [T * vocab] of one sequence, computed without a cache. */
    public static float[] forwardAll(dev.skillmerge.runtime.model.LlamaModel model, NDManager manager, int[] tokens) {
        long[] ids = java.util.Arrays.stream(tokens).asLongStream().toArray();
        try (NDManager step = manager.newSubManager()) {
            ai.djl.ndarray.NDArray input = step.create(ids, new ai.djl.ndarray.types.Shape(1, ids.length));
            return model.forward(input, 0, dev.skillmerge.runtime.model.KvCache.none()).toFloatArray();
        }
    }

}
