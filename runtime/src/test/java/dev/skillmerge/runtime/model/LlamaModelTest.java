package dev.skillmerge.runtime.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.synth.SynthShape;
import dev.skillmerge.runtime.testing.TinyModels;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LlamaModelTest {
    private static final int[] TOKENS = {1, 17, 42, 5, 77, 3, 3, 90, 64, 12, 0, 31};

    static java.util.stream.Stream<Arguments> shapes() {
        return java.util.stream.Stream.of(true, false).flatMap(fused -> java.util.stream.Stream.of(
                Arguments.of("GQA 8 heads on 2 kv heads, untied head, f32", new SynthShape(96, 64, 80, 2, 8, 2, false), DType.F32, fused),
                Arguments.of("MQA 4 heads on 1 kv head, tied head, bf16", new SynthShape(96, 64, 80, 3, 4, 1, true), DType.BF16, fused),
                Arguments.of("plain multi-head, untied, f16", new SynthShape(100, 32, 40, 1, 2, 2, false), DType.F16, fused)));
    }

    @ParameterizedTest(name = "{0}, fused kernels {3}")
    @MethodSource("shapes")
    void logitsMatchTheReferenceForwardPassWithin1e4(String name, SynthShape shape, DType dtype, boolean fused, @TempDir Path dir)
            throws Exception {
        Path folder = TinyModels.random(dir, shape, dtype, 7);
        ReferenceLlama reference = new ReferenceLlama(TinyModels.floats(folder), shape.vocab(), shape.hidden(), shape.intermediate(),
                shape.layers(), shape.heads(), shape.kvHeads(), shape.headDim(), 1e-5, 10000, shape.tied(), false);
        double[][] expected = reference.logits(TOKENS);
        try (NDManager manager = TinyModels.cpuManager(); ModelFolder f = ModelFolder.open(folder);
             LlamaModel loaded = LlamaModel.load(f, manager, Progress.silent(0, 0))) {
            LlamaModel model = fused ? loaded : new LlamaModel(loaded.config(), loaded.weights(), manager, Optional.empty());
            float[] actual = TinyModels.forwardAll(model, manager, TOKENS);
            for (int t = 0; t < TOKENS.length; t++) {
                float[] row = java.util.Arrays.copyOfRange(actual, t * shape.vocab(), (t + 1) * shape.vocab());
                double error = TinyModels.relativeError(row, expected[t]);
                assertTrue(error < 1e-4, name + ": position " + t + " relative error " + error);
            }
        }
    }

    @Test
    void decodingWithTheKvCacheEqualsFullRecomputation(@TempDir Path dir) throws Exception {
        SynthShape shape = new SynthShape(96, 64, 80, 2, 8, 2, false);
        Path folder = TinyModels.random(dir, shape, DType.F32, 11);
        try (NDManager manager = TinyModels.cpuManager(); ModelFolder f = ModelFolder.open(folder);
             LlamaModel model = LlamaModel.load(f, manager, Progress.silent(0, 0))) {
            float[] full = TinyModels.forwardAll(model, manager, TOKENS);
            try (InferenceSession session = new InferenceSession(model, 32)) {
                // a prefill of 5 tokens, then one token at a time
                float[] afterPrefill = session.feed(java.util.Arrays.copyOfRange(TOKENS, 0, 5));
                assertClose(row(full, 4, shape.vocab()), afterPrefill);
                for (int t = 5; t < TOKENS.length; t++) {
                    assertClose(row(full, t, shape.vocab()), session.feed(TOKENS[t]));
                }
                assertEquals(TOKENS.length, session.position());
            }
        }
    }

    @Test
    void aTensorOutsideTheArchitectureIsRejectedWithItsName(@TempDir Path dir) throws Exception {
        SynthShape shape = new SynthShape(16, 8, 8, 1, 2, 2, true);
        Path folder = TinyModels.random(dir, shape, DType.F32, 3);
        // an OLMo2-style extra norm: running the model without it would silently compute something else
        Map<String, float[]> tensors = TinyModels.floats(folder);
        tensors.put("model.layers.0.post_feedforward_layernorm.weight", new float[8]);
        Path withExtra = dir.resolve("extra");
        dev.skillmerge.runtime.testing.FolderWriter.write(withExtra, folder, tensors);
        try (NDManager manager = TinyModels.cpuManager(); ModelFolder f = ModelFolder.open(withExtra)) {
            UserInputException e = org.junit.jupiter.api.Assertions.assertThrows(UserInputException.class,
                    () -> LlamaModel.load(f, manager, Progress.silent(0, 0)));
            assertEquals(withExtra + ": tensor 'model.layers.0.post_feedforward_layernorm.weight' is not part of the Llama"
                    + " architecture this runtime implements", e.getMessage());
        }
    }

    private static double[] row(float[] all, int t, int vocab) {
        double[] out = new double[vocab];
        for (int i = 0; i < vocab; i++) {
            out[i] = all[t * vocab + i];
        }
        return out;
    }

    private static void assertClose(double[] expected, float[] actual) {
        double error = TinyModels.relativeError(actual, expected);
        assertTrue(error < 1e-5, "relative error " + error);
        double[] e = expected;
        int argmaxExpected = 0;
        int argmaxActual = 0;
        for (int i = 1; i < e.length; i++) {
            argmaxExpected = e[i] > e[argmaxExpected] ? i : argmaxExpected;
            argmaxActual = actual[i] > actual[argmaxActual] ? i : argmaxActual;
        }
        assertArrayEquals(new int[] {argmaxExpected}, new int[] {argmaxActual});
    }
}
