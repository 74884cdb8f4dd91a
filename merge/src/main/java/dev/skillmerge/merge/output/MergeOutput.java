package dev.skillmerge.merge.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.merge.plan.MergePlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Everything a merged folder holds besides its weights: config.json (dtype and layer count updated),
 * generation_config.json, the tokenizer files of the tokenizer source (with the requested chat template
 * in tokenizer_config.json), a model card, and the merge config itself as skillmerge_config.yml (or .json).
 */
public final class MergeOutput {
    /** The tokenizer and chat-format files a Hugging Face folder may carry. */
    static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer.model", "tokenizer_config.json",
            "special_tokens_map.json", "added_tokens.json", "vocab.json", "merges.txt", "chat_template.jinja", "chat_template.json");

    private MergeOutput() {
    }

    public static void write(MergePlan plan, boolean copyTokenizer, Path outDir) throws IOException, UserInputException {
        Json.write(outDir.resolve(ModelFolder.CONFIG), plan.outputConfig().json());
        Path generation = plan.reference().root().resolve("generation_config.json");
        if (plan.reference().isFolder() && Files.isRegularFile(generation)) {
            Files.copy(generation, outDir.resolve("generation_config.json"), StandardCopyOption.COPY_ATTRIBUTES);
        }
        if (copyTokenizer && plan.tokenizerSource().isPresent() && plan.tokenizerSource().get().isFolder()) {
            Path source = plan.tokenizerSource().get().root();
            for (String name : TOKENIZER_FILES) {
                if (Files.isRegularFile(source.resolve(name))) {
                    Files.copy(source.resolve(name), outDir.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Optional<String> template = plan.config().chatTemplate().isPresent()
                ? ChatTemplates.resolve(plan.config().chatTemplate().get()) : Optional.empty();
        if (template.isPresent()) {
            Path tokenizerConfig = outDir.resolve("tokenizer_config.json");
            ObjectNode json = Files.isRegularFile(tokenizerConfig) ? (ObjectNode) Json.readObject(tokenizerConfig) : Json.MAPPER.createObjectNode();
            json.put("chat_template", template.get());
            Files.deleteIfExists(outDir.resolve("chat_template.jinja"));
            Json.write(tokenizerConfig, json);
        }
        Files.writeString(outDir.resolve("README.md"), ModelCard.render(plan));
        String suffix = plan.config().file().toString().endsWith(".json") ? ".json" : ".yml";
        Files.writeString(outDir.resolve("skillmerge_config" + suffix), plan.config().text());
    }
}
