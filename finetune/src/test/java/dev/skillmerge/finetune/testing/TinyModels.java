package dev.skillmerge.finetune.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.finetune.init.RandomInit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Small randomly initialized Llama models with the stories260K tokenizer, for training tests. */
public final class TinyModels {
    private TinyModels() {
    }

    /** hidden 32, 2 layers, 4 heads on 2 key/value heads (GQA), FF 48, untied head, vocab 512. */
    public static Path gqa(Path dir, long seed) throws Exception {
        return of(dir, 32, 2, 4, 2, 48, false, seed);
    }

    public static Path of(Path dir, int hidden, int layers, int heads, int kvHeads, int intermediate, boolean tied, long seed) throws Exception {
        Files.createDirectories(dir);
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.put("hidden_size", hidden);
        c.put("num_hidden_layers", layers);
        c.put("num_attention_heads", heads);
        c.put("num_key_value_heads", kvHeads);
        c.put("intermediate_size", intermediate);
        c.put("max_position_embeddings", 256);
        c.put("tie_word_embeddings", tied);
        c.put("rms_norm_eps", 1e-5);
        Path config = dir.resolve("tiny.json");
        Json.write(config, c);
        Path out = dir.resolve("model");
        Files.createDirectories(out);
        RandomInit.run(config, Optional.of(Stories.model()), seed, out);
        return out;
    }
}
