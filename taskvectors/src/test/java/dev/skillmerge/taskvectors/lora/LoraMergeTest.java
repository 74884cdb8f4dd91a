package dev.skillmerge.taskvectors.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.merge.testing.Merges;
import dev.skillmerge.merge.testing.TinyModel;
import dev.skillmerge.taskvectors.testing.Adapters;
import dev.skillmerge.taskvectors.testing.Tensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoraMergeTest {
    static final String Q = "model.layers.0.self_attn.q_proj";

    @TempDir
    Path dir;
    Path base;

    @BeforeEach
    void model() throws Exception {
        base = TinyModel.at(dir.resolve("base"))
                .tensor("model.embed_tokens.weight", Shape.of(3, 2), 0, 0, 0, 0, 0, 0)
                .tensor(Q + ".weight", Shape.of(2, 3), 1, 0, 0, 0, 1, 0)
                .tensor("model.norm.weight", 1, 1).write();
    }

    private Path merged(Path adapter, double scale) throws Exception {
        Path out = dir.resolve("merged" + System.nanoTime());
        try (ModelFolder b = ModelFolder.open(base)) {
            LoraMerge merge = LoraMerge.plan(b, LoraAdapter.read(adapter), scale);
            Files.createDirectories(out);
            merge.run(2, Long.MAX_VALUE, out, Progress.silent(0, 0));
        }
        return out;
    }

    /** r = 4, alpha = 4: B A = [[1, 0, 0], [1, 1, 1]]. */
    private Path rankFour(boolean rslora) throws Exception {
        return Adapters.at(dir.resolve(rslora ? "rs" : "plain"))
                .config("{\"peft_type\": \"LORA\", \"r\": 4, \"lora_alpha\": 4, \"use_rslora\": " + rslora + ", \"target_modules\": [\"q_proj\"]}")
                .tensor("base_model.model." + Q + ".lora_A.weight", Shape.of(4, 3), 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1)
                .tensor("base_model.model." + Q + ".lora_B.weight", Shape.of(2, 4), 1, 0, 0, 0, 0, 0, 0, 1)
                .write();
    }

    @Test
    void mergeAddsScaleTimesAlphaOverRankTimesBA() throws Exception {
        // W = [[1,0,0],[0,1,0]]; alpha / r = 1
        Path adapter = rankFour(false);
        assertArrayEquals(new float[] {2, 0, 0, 1, 2, 1}, TinyModel.read(merged(adapter, 1), Q + ".weight"));
        assertArrayEquals(new float[] {1.5f, 0, 0, 0.5f, 1.5f, 0.5f}, TinyModel.read(merged(adapter, 0.5), Q + ".weight"));
    }

    @Test
    void rsLoraScalesByAlphaOverTheSquareRootOfTheRank() throws Exception {
        // alpha / sqrt(r) = 4 / 2 = 2
        assertArrayEquals(new float[] {3, 0, 0, 2, 3, 2}, TinyModel.read(merged(rankFour(true), 1), Q + ".weight"));
    }

    @Test
    void anEmbeddingUpdateIsTheTransposeOfBA() throws Exception {
        Path adapter = Adapters.at(dir.resolve("emb"))
                .config("{\"peft_type\": \"LORA\", \"r\": 1, \"lora_alpha\": 1, \"target_modules\": [\"embed_tokens\"]}")
                .tensor("base_model.model.model.embed_tokens.lora_embedding_A", Shape.of(1, 3), 1, 2, 3)
                .tensor("base_model.model.model.embed_tokens.lora_embedding_B", Shape.of(2, 1), 1, 10)
                .write();
        Path out = merged(adapter, 1);
        assertArrayEquals(new float[] {1, 10, 2, 20, 3, 30}, TinyModel.read(out, "model.embed_tokens.weight"));
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0}, TinyModel.read(out, Q + ".weight"));
        assertArrayEquals(new float[] {1, 1}, TinyModel.read(out, "model.norm.weight"));
    }

    @Test
    void anAdapterForAModuleTheModelLacksIsAOneLineError() throws Exception {
        Path adapter = Adapters.at(dir.resolve("other"))
                .config("{\"peft_type\": \"LORA\", \"r\": 1, \"lora_alpha\": 1, \"base_model_name_or_path\": \"meta-llama/Llama-2-7b-hf\"}")
                .tensor("base_model.model.model.layers.31.self_attn.q_proj.lora_A.weight", Shape.of(1, 3), 1, 2, 3)
                .tensor("base_model.model.model.layers.31.self_attn.q_proj.lora_B.weight", Shape.of(2, 1), 1, 1)
                .write();
        try (ModelFolder b = ModelFolder.open(base)) {
            String message = assertThrows(UserInputException.class, () -> LoraMerge.plan(b, LoraAdapter.read(adapter), 1)).getMessage();
            assertEquals(adapter + ": targets module 'model.layers.31.self_attn.q_proj' but " + base + " has no tensor"
                    + " 'model.layers.31.self_attn.q_proj.weight': the adapter is for another architecture (it was made for meta-llama/Llama-2-7b-hf)", message);
        }
    }

    @Test
    void anUpdateOfAnotherShapeIsAOneLineError() throws Exception {
        Path adapter = Adapters.at(dir.resolve("wide"))
                .tensor("base_model.model." + Q + ".lora_A.weight", Shape.of(1, 4), 1, 2, 3, 4)
                .tensor("base_model.model." + Q + ".lora_B.weight", Shape.of(2, 1), 1, 1)
                .write();
        try (ModelFolder b = ModelFolder.open(base)) {
            String message = assertThrows(UserInputException.class, () -> LoraMerge.plan(b, LoraAdapter.read(adapter), 1)).getMessage();
            assertEquals(adapter + ": the update of '" + Q + "' is [2, 4] (rank 1) but " + base + " has '" + Q + ".weight' [2, 3]:"
                    + " the adapter is for another architecture", message);
        }
    }

    @Test
    void doraAdaptersAreRefused() throws Exception {
        Path adapter = Adapters.at(dir.resolve("dora"))
                .config("{\"peft_type\": \"LORA\", \"r\": 1, \"lora_alpha\": 1, \"use_dora\": true}")
                .tensor("base_model.model." + Q + ".lora_A.weight", Shape.of(1, 3), 1, 2, 3)
                .tensor("base_model.model." + Q + ".lora_B.weight", Shape.of(2, 1), 1, 1)
                .write();
        assertEquals(adapter.resolve("adapter_config.json") + ": use_dora is true; DoRA adapters rescale weight columns and are not merged here",
                assertThrows(UserInputException.class, () -> LoraAdapter.read(adapter)).getMessage());
    }

    @Test
    void aModelPlusAdapterInputOfAMergeConfigEqualsMergingTheAdapterFirst() throws Exception {
        Path adapter = rankFour(false);
        Path other = TinyModel.at(dir.resolve("other"))
                .tensor("model.embed_tokens.weight", Shape.of(3, 2), 1, 1, 1, 1, 1, 1)
                .tensor(Q + ".weight", Shape.of(2, 3), 3, 3, 3, 3, 3, 3)
                .tensor("model.norm.weight", 2, 2).write();
        String config = """
                merge_method: linear
                models:
                  - {model: %s, parameters: {weight: 1}}
                  - {model: %s, parameters: {weight: 1}}
                """;
        Path viaConfig = Merges.run(dir, config.formatted(base + "+" + adapter, other));
        Path viaFolder = Merges.run(dir, config.formatted(merged(adapter, 1), other), dev.skillmerge.merge.plan.MergeOptions.DEFAULT, 2, "folder");
        // (W + BA + other) / 2 on q_proj: ([[2,0,0],[1,2,1]] + 3) / 2
        assertArrayEquals(new float[] {2.5f, 1.5f, 1.5f, 2, 2.5f, 2}, TinyModel.read(viaConfig, Q + ".weight"));
        Map<String, byte[]> want = Tensors.bytes(viaFolder);
        Map<String, byte[]> got = Tensors.bytes(viaConfig);
        want.forEach((name, bytes) -> assertArrayEquals(bytes, got.get(name), name));
    }
}
