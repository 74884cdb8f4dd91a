package dev.skillmerge.merge.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.dtype.Bf16;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.merge.plan.MergeOptions;
import dev.skillmerge.merge.testing.Merges;
import dev.skillmerge.merge.testing.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeOutputFolderTest {
    @TempDir
    Path dir;

    @Test
    void theOutputHoldsConfigTokenizerCardAndTheConfigItself() throws Exception {
        Path base = TinyModel.at(dir.resolve("base")).tensor("w", 1, 2).write();
        Files.writeString(base.resolve("tokenizer.json"), "{\"model\":{}}");
        Files.writeString(base.resolve("tokenizer_config.json"), "{\"bos_token\":\"<s>\"}");
        Files.writeString(base.resolve("generation_config.json"), "{\"eos_token_id\":2}");
        Path a = TinyModel.at(dir.resolve("a")).tensor("w", 3, 4).write();
        String yaml = """
                merge_method: task_arithmetic
                base_model: %s
                out_dtype: bfloat16
                chat_template: chatml
                models:
                  - {model: %s, parameters: {weight: 0.5}}
                """.formatted(base, a);
        Path out = Merges.run(dir, yaml);
        JsonNode config = Json.readObject(out.resolve("config.json"));
        assertEquals("bfloat16", config.get("torch_dtype").asText());
        assertEquals("llama", config.get("model_type").asText());
        assertEquals("{\"model\":{}}", Files.readString(out.resolve("tokenizer.json")));
        JsonNode tokenizerConfig = Json.readObject(out.resolve("tokenizer_config.json"));
        assertEquals("<s>", tokenizerConfig.get("bos_token").asText());
        assertTrue(tokenizerConfig.get("chat_template").asText().startsWith("{% for message in messages %}{{ '<|im_start|>'"));
        assertEquals("{\"eos_token_id\":2}", Files.readString(out.resolve("generation_config.json")));
        assertEquals(yaml, Files.readString(out.resolve("skillmerge_config.yml")));
        String card = Files.readString(out.resolve("README.md"));
        assertTrue(card.startsWith("---\nbase_model:\n- " + base + "\n- " + a + "\nlibrary_name: transformers\ntags:\n- merge\n- skillmerge\n---\n"), card);
        try (ModelFolder b = ModelFolder.open(base)) {
            assertTrue(card.contains("| `" + base + "` | `" + b.fingerprint() + "` |"), card);
        }
        assertTrue(card.contains("```yaml\n" + yaml.strip() + "\n```"), card);
        try (ModelFolder merged = ModelFolder.open(out)) {
            assertEquals(DType.BF16, merged.tensor("w").orElseThrow().dtype());
        }
        assertArrayEquals(new float[] {2, 3}, TinyModel.read(out, "w"));
    }

    @Test
    void noCopyTokenizerLeavesTokenizerFilesOut() throws Exception {
        Path base = TinyModel.at(dir.resolve("base")).tensor("w", 1, 2).write();
        Files.writeString(base.resolve("tokenizer.json"), "{}");
        Path configFile = dir.resolve("c.yml");
        Files.writeString(configFile, "merge_method: linear\nmodels: [{model: %s, parameters: {weight: 1}}]".formatted(base));
        var plan = dev.skillmerge.merge.plan.Planner.plan(dev.skillmerge.merge.config.ConfigReader.read(configFile), MergeOptions.DEFAULT);
        Path out = dir.resolve("out");
        Files.createDirectory(out);
        try {
            MergeRunner.run(plan, 0, 1, Long.MAX_VALUE, out, dev.skillmerge.checkpoint.progress.Progress.silent(0, 0));
            dev.skillmerge.merge.output.MergeOutput.write(plan, false, out);
        } finally {
            for (ModelFolder m : plan.models().values()) {
                m.close();
            }
        }
        assertFalse(Files.exists(out.resolve("tokenizer.json")));
    }

    @Test
    void aNarrowerComputeDtypeRoundsTheInputsFirstLikeMergekit() throws Exception {
        float x = 1.00390625f; // 1 + 2^-8: halfway between two bf16 values, rounds to 1.0
        Path a = TinyModel.at(dir.resolve("a")).tensor("w", x).write();
        Path b = TinyModel.at(dir.resolve("b")).tensor("w", 0).write();
        String yaml = """
                merge_method: linear
                dtype: %s
                out_dtype: float32
                models: [{model: %s, parameters: {weight: 1}}, {model: %s, parameters: {weight: 1}}]
                """;
        assertEquals(x / 2, TinyModel.read(Merges.run(dir, yaml.formatted("float32", a, b), MergeOptions.DEFAULT, 1, "f32"), "w")[0]);
        assertEquals(Bf16.toFloat(Bf16.fromFloat(x)) / 2, TinyModel.read(Merges.run(dir, yaml.formatted("bfloat16", a, b), MergeOptions.DEFAULT, 1, "bf16"), "w")[0]);
    }

    @Test
    void passthroughSlicesStackLayersIntoAFrankenmerge() throws Exception {
        Path a = layered("a", 10);
        Path b = layered("b", 20);
        Path out = Merges.run(dir, """
                merge_method: passthrough
                slices:
                  - sources: [{model: %s, layer_range: [0, 2]}]
                  - sources: [{model: %s, layer_range: [1, 3]}]
                """.formatted(a, b));
        assertEquals(4, Json.readObject(out.resolve("config.json")).get("num_hidden_layers").asInt());
        assertArrayEquals(new float[] {10}, TinyModel.read(out, "model.layers.0.mlp.weight"));
        assertArrayEquals(new float[] {11}, TinyModel.read(out, "model.layers.1.mlp.weight"));
        assertArrayEquals(new float[] {21}, TinyModel.read(out, "model.layers.2.mlp.weight"));
        assertArrayEquals(new float[] {22}, TinyModel.read(out, "model.layers.3.mlp.weight"));
        assertArrayEquals(new float[] {10.5f}, TinyModel.read(out, "model.embed_tokens.weight"), "from the first slice's model");
        assertArrayEquals(new float[] {20.5f}, TinyModel.read(out, "model.norm.weight"), "from the last slice's model");
        try (ModelFolder merged = ModelFolder.open(out)) {
            assertEquals(6, merged.tensors().size());
        }
    }

    private Path layered(String name, float value) throws Exception {
        TinyModel m = TinyModel.at(dir.resolve(name)).layers(3).tensor("model.embed_tokens.weight", value + 0.5f).tensor("model.norm.weight", value + 0.5f);
        for (int i = 0; i < 3; i++) {
            m.tensor("model.layers." + i + ".mlp.weight", value + i);
        }
        return m.write();
    }
}
