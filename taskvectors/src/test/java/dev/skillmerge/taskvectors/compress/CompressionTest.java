package dev.skillmerge.taskvectors.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.rng.PositionalRandom;
import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.merge.testing.TinyModel;
import dev.skillmerge.taskvectors.lora.LoraAdapter;
import dev.skillmerge.taskvectors.lora.LoraMerge;
import dev.skillmerge.taskvectors.testing.TaskVectorOps;
import dev.skillmerge.taskvectors.testing.Tensors;
import dev.skillmerge.taskvectors.vector.TaskVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompressionTest {
    static final String Q = "model.layers.0.self_attn.q_proj.weight";
    static final String EMBED = "model.embed_tokens.weight";

    @TempDir
    Path dir;

    private static float[] random(int n, long seed) {
        PositionalRandom r = PositionalRandom.of(seed, "values");
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.symmetric(i) * 0.02f;
        }
        return v;
    }

    private Path taskVector() throws Exception {
        Path pre = TinyModel.at(dir.resolve("pre")).tensor(EMBED, Shape.of(7, 4), random(28, 1)).tensor(Q, Shape.of(6, 4), random(24, 2))
                .tensor("model.norm.weight", 1, 1, 1, 1).write();
        Path expert = TinyModel.at(dir.resolve("expert")).tensor(EMBED, Shape.of(7, 4), random(28, 3)).tensor(Q, Shape.of(6, 4), random(24, 4))
                .tensor("model.norm.weight", 1, 1, 1, 2).write();
        return TaskVectorOps.extract(pre, expert, DType.F32, dir.resolve("tv"));
    }

    private CompressionReport compress(Path tv, int rank, Path out) throws Exception {
        try (TaskVector v = TaskVector.open(tv)) {
            Compression c = Compression.plan(v, rank, 10, 2, 0, DType.F32);
            Files.createDirectories(out);
            return c.run(2, out, Progress.silent(0, 0));
        }
    }

    @Test
    void fullRankAdapterMergedOntoTheBaseReconstructsTheExpertWithin1e5() throws Exception {
        Path tv = taskVector();
        Path adapter = dir.resolve("adapter");
        CompressionReport report = compress(tv, 4, adapter);
        Path merged = dir.resolve("merged");
        try (ModelFolder pre = ModelFolder.open(dir.resolve("pre"))) {
            LoraMerge merge = LoraMerge.plan(pre, LoraAdapter.read(adapter), 1);
            assertEquals(2, merge.adaptedTensors());
            Files.createDirectories(merged);
            merge.run(1, Long.MAX_VALUE, merged, Progress.silent(0, 0));
        }
        Map<String, float[]> delta = Tensors.values(tv);
        Map<String, float[]> pre = Tensors.values(dir.resolve("pre"));
        Map<String, float[]> got = Tensors.values(merged);
        for (String name : new String[] {EMBED, Q}) {
            double error = 0;
            double norm = 0;
            for (int i = 0; i < delta.get(name).length; i++) {
                double reconstructed = got.get(name)[i] - pre.get(name)[i];
                error += Math.pow(reconstructed - delta.get(name)[i], 2);
                norm += Math.pow(delta.get(name)[i], 2);
            }
            assertTrue(Math.sqrt(error / norm) < 1e-5, name + ": relative error " + Math.sqrt(error / norm));
        }
        assertEquals(1, report.retainedEnergy(), 1e-9);
        assertEquals(1, report.leftOut().size());
        assertEquals("model.norm.weight", report.leftOut().getFirst().name());
    }

    @Test
    void theReportGivesRetainedEnergyFromTheKnownSingularValues() throws Exception {
        // diag(5, 4, 3, 2, 1) padded to 6 x 5: singular values 5..1 exactly
        float[] w = new float[30];
        for (int i = 0; i < 5; i++) {
            w[i * 5 + i] = 5 - i;
        }
        Path pre = TinyModel.at(dir.resolve("zero")).tensor(Q, Shape.of(6, 5), new float[30]).tensor("model.norm.weight", 0, 0).write();
        Path expert = TinyModel.at(dir.resolve("diag")).tensor(Q, Shape.of(6, 5), w).tensor("model.norm.weight", 3, 4).write();
        Path tv = TaskVectorOps.extract(pre, expert, DType.F32, dir.resolve("tv-diag"));
        CompressionReport report = compress(tv, 2, dir.resolve("adapter-diag"));

        assertEquals(41.0 / 55, report.tensors().getFirst().retainedEnergy(), 1e-6);
        assertEquals(Math.sqrt(14.0 / 55), report.tensors().getFirst().relativeError(), 1e-6);
        // the norm's delta (3, 4) has squared norm 25 and no LoRA form
        assertEquals(41.0 / 80, report.retainedEnergyOfVector(), 1e-6);
        assertEquals(Math.sqrt(39.0 / 80), report.relativeErrorOfVector(), 1e-6);
    }

    @Test
    void aRankAboveATensorsSmallerDimensionIsAOneLineError() throws Exception {
        Path tv = taskVector();
        try (TaskVector v = TaskVector.open(tv)) {
            String message = assertThrows(UserInputException.class, () -> Compression.plan(v, 5, 10, 2, 0, DType.F32)).getMessage();
            assertEquals(tv + ": --rank 5 exceeds the smaller dimension of tensor '" + EMBED + "' [7, 4]; choose a rank of at most 4", message);
        }
    }

    @Test
    void theAdapterUsesPeftKeyNamesAndAlphaEqualToTheRank() throws Exception {
        Path adapter = dir.resolve("adapter");
        compress(taskVector(), 2, adapter);
        assertEquals(java.util.List.of(
                "base_model.model.model.embed_tokens.lora_embedding_A", "base_model.model.model.embed_tokens.lora_embedding_B",
                "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", "base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight"),
                Tensors.values(adapter.resolve("adapter_model.safetensors")).keySet().stream().sorted().toList());
        var config = dev.skillmerge.checkpoint.hf.Json.readObject(adapter.resolve("adapter_config.json"));
        assertEquals(2, config.get("r").intValue());
        assertEquals(2, config.get("lora_alpha").intValue());
        assertEquals("[\"embed_tokens\",\"q_proj\"]", config.get("target_modules").toString());
    }
}
