package dev.skillmerge.runtime.llama2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.runtime.model.LlamaModel;
import dev.skillmerge.runtime.model.ReferenceLlama;
import dev.skillmerge.runtime.testing.Stories260K;
import dev.skillmerge.runtime.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Llama2cImportTest {
    private static final List<String> TENSORS = List.of("tok_embeddings", "rms_att", "wq", "wk", "wv", "wo", "rms_ffn", "w1", "w2", "w3",
            "rms_final");

    @Test
    void legacyAndVersion1FilesHoldTheSameModel() throws Exception {
        try (Llama2cCheckpoint legacy = Llama2cCheckpoint.open(Stories260K.LEGACY); Llama2cCheckpoint v1 = Llama2cCheckpoint.open(Stories260K.V1)) {
            assertEquals(new Llama2cCheckpoint.Header(Llama2cCheckpoint.Format.LEGACY, 64, 172, 5, 8, 4, 512, 512, true), legacy.header());
            assertEquals(new Llama2cCheckpoint.Header(Llama2cCheckpoint.Format.V1, 64, 172, 5, 8, 4, 512, 512, true), v1.header());
            for (String t : TENSORS) {
                assertArrayEquals(legacy.read(t, -1), v1.read(t, -1), t);
            }
        }
    }

    @Test
    void importWritesALlamaForCausalLMFolder(@TempDir Path out) throws Exception {
        Llama2cImport.run(Stories260K.V1, Stories260K.TOKENIZER, out, Progress.silent(0, 0));
        JsonNode config = Json.readObject(out.resolve("config.json"));
        assertEquals("LlamaForCausalLM", config.get("architectures").get(0).asText());
        assertEquals(List.of(64, 172, 5, 8, 4, 8, 512, 512), List.of(config.get("hidden_size").asInt(), config.get("intermediate_size").asInt(),
                config.get("num_hidden_layers").asInt(), config.get("num_attention_heads").asInt(), config.get("num_key_value_heads").asInt(),
                config.get("head_dim").asInt(), config.get("vocab_size").asInt(), config.get("max_position_embeddings").asInt()));
        assertTrue(config.get("tie_word_embeddings").asBoolean());
        assertEquals("[2,1]", Json.readObject(out.resolve("generation_config.json")).get("eos_token_id").toString());
        try (ModelFolder f = ModelFolder.open(out)) {
            assertEquals(1 + 5 * 9 + 1, f.tensors().size());
            assertFalse(f.tensor("lm_head.weight").isPresent());
            assertEquals("[512, 64]", Arrays.toString(f.tensor("model.embed_tokens.weight").orElseThrow().shape().dims()));
        }
        for (String file : List.of("model.safetensors", "tokenizer.json", "tokenizer_config.json")) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file);
        }
    }

    @Test
    void importedStories260KComputesTheLogitsOfLlama2csForwardPass() throws Exception {
        // the reference runs llama2.c's own weights with its interleaved RoPE; the runtime runs the import,
        // whose q/k rows were permuted to rotate-half: equal logits prove the permutation and the model
        Map<String, float[]> raw = new HashMap<>();
        int layers;
        try (Llama2cCheckpoint c = Llama2cCheckpoint.open(Stories260K.LEGACY)) {
            layers = c.header().layers();
            raw.put("model.embed_tokens.weight", c.read("tok_embeddings", -1));
            raw.put("model.norm.weight", c.read("rms_final", -1));
            String[][] names = {{"rms_att", "input_layernorm"}, {"rms_ffn", "post_attention_layernorm"}, {"wq", "self_attn.q_proj"},
                    {"wk", "self_attn.k_proj"}, {"wv", "self_attn.v_proj"}, {"wo", "self_attn.o_proj"}, {"w1", "mlp.gate_proj"},
                    {"w3", "mlp.up_proj"}, {"w2", "mlp.down_proj"}};
            for (int l = 0; l < layers; l++) {
                for (String[] n : names) {
                    raw.put("model.layers." + l + "." + n[1] + ".weight", c.read(n[0], l));
                }
            }
        }
        ReferenceLlama reference = new ReferenceLlama(raw, 512, 64, 172, layers, 8, 4, 8, 1e-5, 10000, true, true);
        int[] tokens = {1, 403, 407, 261, 378, 303, 261, 263, 319, 359, 343, 430, 460, 261, 297, 284};
        double[][] expected = reference.logits(tokens);
        try (NDManager manager = TinyModels.cpuManager(); ModelFolder f = ModelFolder.open(Stories260K.imported());
             LlamaModel model = LlamaModel.load(f, manager, Progress.silent(0, 0))) {
            float[] actual = TinyModels.forwardAll(model, manager, tokens);
            for (int t = 0; t < tokens.length; t++) {
                double error = TinyModels.relativeError(Arrays.copyOfRange(actual, t * 512, (t + 1) * 512), expected[t]);
                assertTrue(error < 1e-4, "position " + t + ": relative error " + error);
            }
        }
    }

    @Test
    void aTruncatedCheckpointIsRejectedWithBothSizes(@TempDir Path dir) throws Exception {
        Path cut = dir.resolve("cut.bin");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(Stories260K.LEGACY), 1000));
        UserInputException e = assertThrows(UserInputException.class, () -> Llama2cCheckpoint.open(cut));
        assertEquals(cut + ": is 1000 bytes but its header (dim 64, hidden_dim 172, n_layers 5, n_heads 8, n_kv_heads 4, vocab_size 512,"
                + " seq_len 512, shared classifier) implies 1056540; truncated, or not a llama2.c checkpoint?", e.getMessage());
    }

    @Test
    void aQuantizedVersion2CheckpointIsRejectedWithTheWayOut(@TempDir Path dir) throws Exception {
        Path v2 = dir.resolve("q80.bin");
        byte[] bytes = Files.readAllBytes(Stories260K.V1);
        bytes[4] = 2;
        Files.write(v2, bytes);
        UserInputException e = assertThrows(UserInputException.class, () -> Llama2cCheckpoint.open(v2));
        assertEquals(v2 + ": is a llama2.c version 2 checkpoint (int8-quantized); only the legacy and version 1 (float32) formats are read:"
                + " re-export with llama2.c's export.py --version 1", e.getMessage());
    }

    @Test
    void aTokenizerOfAnotherVocabularySizeIsRejected(@TempDir Path dir) throws Exception {
        UserInputException e = assertThrows(UserInputException.class, () -> Llama2cVocabulary.read(Stories260K.TOKENIZER, 1000));
        assertEquals(Stories260K.TOKENIZER + ": ends after 512 tokens but the model has vocab_size 1000; is it the model's tokenizer?",
                e.getMessage());
    }
}
