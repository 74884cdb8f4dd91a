package dev.skillmerge.runtime.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.synth.SynthShape;
import dev.skillmerge.runtime.model.LlamaModel;
import dev.skillmerge.runtime.model.ReferenceLlama;
import dev.skillmerge.runtime.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenLogProbsTest {
    private static final SynthShape SHAPE = new SynthShape(96, 64, 80, 2, 8, 2, false);
    private static final int[] TOKENS = {1, 17, 42, 5, 77, 3, 3, 90, 64, 12, 0, 31};

    @Test
    void eachTokenGetsLnSoftmaxOfTheReferenceLogitsBeforeIt(@TempDir Path dir) throws Exception {
        Path folder = TinyModels.random(dir, SHAPE, DType.F32, 5);
        double[][] logits = reference(folder).logits(TOKENS);
        double[] expected = new double[TOKENS.length - 1];
        for (int i = 1; i < TOKENS.length; i++) {
            expected[i - 1] = lnSoftmax(logits[i - 1], TOKENS[i]);
        }
        assertClose(expected, logProbs(folder));
    }

    @Test
    void aTextLongerThanTheContextIsReadInWindowsOverlappingByOneToken(@TempDir Path dir) throws Exception {
        Path folder = TinyModels.random(dir, SHAPE, DType.F32, 5);
        Path config = folder.resolve("config.json");
        String small = Files.readString(config).replace("\"max_position_embeddings\" : 2048", "\"max_position_embeddings\" : 5");
        assertTrue(small.contains("\"max_position_embeddings\" : 5"), small);
        Files.writeString(config, small);
        // context 5: windows [0, 5), [4, 9), [8, 12) predict tokens 1-4, 5-8 and 9-11, each from its window's start
        ReferenceLlama reference = reference(folder);
        double[] expected = new double[TOKENS.length - 1];
        for (int start : new int[] {0, 4, 8}) {
            int[] window = Arrays.copyOfRange(TOKENS, start, Math.min(TOKENS.length, start + 5));
            double[][] logits = reference.logits(window);
            for (int i = 1; i < window.length; i++) {
                expected[start + i - 1] = lnSoftmax(logits[i - 1], window[i]);
            }
        }
        assertClose(expected, logProbs(folder));
    }

    private static double[] logProbs(Path folder) throws Exception {
        try (NDManager manager = TinyModels.cpuManager(); ModelFolder f = ModelFolder.open(folder);
             LlamaModel model = LlamaModel.load(f, manager, Progress.silent(0, 0))) {
            return TokenLogProbs.of(model, TOKENS);
        }
    }

    private static ReferenceLlama reference(Path folder) throws Exception {
        return new ReferenceLlama(TinyModels.floats(folder), SHAPE.vocab(), SHAPE.hidden(), SHAPE.intermediate(), SHAPE.layers(),
                SHAPE.heads(), SHAPE.kvHeads(), SHAPE.headDim(), 1e-5, 10000, SHAPE.tied(), false);
    }

    private static double lnSoftmax(double[] logits, int token) {
        double max = Arrays.stream(logits).max().orElseThrow();
        double sum = Arrays.stream(logits).map(l -> Math.exp(l - max)).sum();
        return logits[token] - max - Math.log(sum);
    }

    private static void assertClose(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * Math.max(1, Math.abs(expected[i])), "token " + (i + 1));
        }
    }
}
