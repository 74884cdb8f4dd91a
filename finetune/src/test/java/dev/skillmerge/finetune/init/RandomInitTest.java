package dev.skillmerge.finetune.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.finetune.output.ArrayTensors;
import dev.skillmerge.finetune.testing.Stories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomInitTest {
    @TempDir
    Path dir;

    private Path config(String json) throws Exception {
        Path file = dir.resolve("tiny.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void aConfigSubsetIsCompletedWithTransformersDefaultsAndTheTokenizerSourcesIds() throws Exception {
        Path file = config("{\"hidden_size\": 64, \"num_hidden_layers\": 2, \"num_attention_heads\": 4, \"head_dim\": 16}");
        Path out = Files.createDirectories(dir.resolve("out"));
        JsonNode c = RandomInit.run(file, Optional.of(Stories.model()), 5, out);
        assertEquals("llama", c.get("model_type").asText());
        assertEquals(256, c.get("intermediate_size").asInt()); // ceil(8/3 * 64) = 171, up to a multiple of 256
        assertEquals(4, c.get("num_key_value_heads").asInt());
        assertEquals(512, c.get("vocab_size").asInt());
        assertEquals(1, c.get("bos_token_id").asInt());
        assertEquals(2, c.get("eos_token_id").asInt());
        assertEquals(16, c.get("head_dim").asInt());
        assertEquals(Json.readObject(out.resolve("config.json")), c);
        for (String f : new String[] {"tokenizer.json", "tokenizer_config.json", "generation_config.json"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
    }

    @Test
    void weightsFollowLlamasInitializationAndDependOnlyOnTheSeed() throws Exception {
        Path file = config("{\"hidden_size\": 64, \"num_hidden_layers\": 1, \"num_attention_heads\": 4, \"vocab_size\": 300,"
                + " \"intermediate_size\": 96, \"attention_bias\": true}");
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        RandomInit.run(file, Optional.empty(), 9, a);
        RandomInit.run(file, Optional.empty(), 9, b);
        Map<String, float[]> ta = ArrayTensors.read(a.resolve("model.safetensors"));
        Map<String, float[]> tb = ArrayTensors.read(b.resolve("model.safetensors"));
        for (String name : ta.keySet()) {
            assertArrayEquals(ta.get(name), tb.get(name), name);
        }
        assertArrayEquals(new float[64], ta.get("model.layers.0.self_attn.q_proj.bias"));
        float[] ones = new float[64];
        java.util.Arrays.fill(ones, 1f);
        assertArrayEquals(ones, ta.get("model.norm.weight"));
        float[] embedding = ta.get("model.embed_tokens.weight");
        double sum = 0;
        double squares = 0;
        for (float v : embedding) {
            sum += v;
            squares += v * v;
        }
        double std = Math.sqrt(squares / embedding.length - Math.pow(sum / embedding.length, 2));
        assertEquals(0.02, std, 0.0005);
        try (ModelFolder f = ModelFolder.open(a)) {
            assertTrue(f.tensor("lm_head.weight").isPresent());
            // embedding, 2 norms + 4 projections + their 4 biases (attention_bias) + 3 MLP projections, final norm, head
            assertEquals(1 + 13 + 1 + 1, f.tensors().size(), String.join(",", f.tensors().stream().map(StoredTensor::name).toList()));
        }
    }

    @Test
    void aVocabularySmallerThanTheTokenizerIsRefused() throws Exception {
        Path file = config("{\"hidden_size\": 32, \"num_hidden_layers\": 1, \"num_attention_heads\": 2, \"vocab_size\": 100}");
        UserInputException e = assertThrows(UserInputException.class,
                () -> RandomInit.run(file, Optional.of(Stories.model()), 1, Files.createDirectories(dir.resolve("o"))));
        assertEquals(file + ": vocab_size 100 is smaller than the 512 token ids of " + Stories.model().resolve("tokenizer.json"), e.getMessage());
    }

    @Test
    void aMissingRequiredFieldIsNamed() throws Exception {
        Path file = config("{\"hidden_size\": 32, \"num_attention_heads\": 2, \"vocab_size\": 100}");
        UserInputException e = assertThrows(UserInputException.class,
                () -> RandomInit.run(file, Optional.empty(), 1, Files.createDirectories(dir.resolve("o"))));
        assertEquals(file + ": needs \"num_hidden_layers\" (required: hidden_size, num_hidden_layers, num_attention_heads,"
                + " and vocab_size unless --tokenizer-from gives it)", e.getMessage());
    }
}
