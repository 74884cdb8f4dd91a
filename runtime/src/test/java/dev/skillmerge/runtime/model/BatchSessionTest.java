package dev.skillmerge.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.synth.SynthShape;
import dev.skillmerge.runtime.testing.TinyModels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchSessionTest {
    private static final int[][] SEQUENCES = {{1, 17, 42, 5, 77, 3, 3, 90, 64, 12}, {1, 8, 8, 30, 2, 71, 44, 9, 0, 13}, {1, 60, 61, 62, 63, 20, 21, 22, 23, 24}};
    private static final int[] PROMPT_LENGTHS = {5, 2, 7};

    @Test
    void leftPaddedBatchDecodingGivesEachSequencesOwnLogits(@TempDir Path dir) throws Exception {
        SynthShape shape = new SynthShape(96, 64, 80, 2, 8, 2, false);
        Path folder = TinyModels.random(dir, shape, DType.F32, 11);
        try (NDManager manager = TinyModels.cpuManager(); ModelFolder f = ModelFolder.open(folder);
             LlamaModel model = LlamaModel.load(f, manager, Progress.silent(0, 0))) {
            float[][] full = new float[SEQUENCES.length][];
            for (int s = 0; s < SEQUENCES.length; s++) {
                full[s] = TinyModels.forwardAll(model, manager, SEQUENCES[s]);
            }
            List<int[]> prompts = List.of(Arrays.copyOf(SEQUENCES[0], 5), Arrays.copyOf(SEQUENCES[1], 2), Arrays.copyOf(SEQUENCES[2], 7));
            try (BatchSession session = new BatchSession(model, prompts, 7 + 3)) {
                for (int s = 0; s < SEQUENCES.length; s++) {
                    assertClose(row(full[s], PROMPT_LENGTHS[s] - 1, shape.vocab()), session.promptLogits(s));
                }
                // rows 0, 1, 2 take their next tokens together, then row 1 leaves and rows 0 and 2 go on
                for (int i = 0; i < 3; i++) {
                    int step = i;
                    int[] rows = step < 2 ? new int[] {0, 1, 2} : new int[] {0, 2};
                    if (step == 2) {
                        session.keep(new int[] {0, 2});
                    }
                    int[] tokens = Arrays.stream(rows).map(s -> SEQUENCES[s][PROMPT_LENGTHS[s] + step]).toArray();
                    float[][] logits = session.step(tokens);
                    for (int r = 0; r < rows.length; r++) {
                        int s = rows[r];
                        assertClose(row(full[s], PROMPT_LENGTHS[s] + step, shape.vocab()), logits[r]);
                        assertEquals(PROMPT_LENGTHS[s] + step + 1, session.position(r));
                    }
                }
            }
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
    }
}
