package dev.skillmerge.finetune.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.safetensors.SafetensorsWriter;
import dev.skillmerge.checkpoint.safetensors.TensorOutput;
import dev.skillmerge.checkpoint.tensor.TensorSpec;
import dev.skillmerge.finetune.train.LoraParameters;
import dev.skillmerge.finetune.train.LoraSettings;
import dev.skillmerge.finetune.train.Trainable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes trained LoRA factors as a PEFT adapter folder: adapter_config.json (peft_type LORA, r, lora_alpha,
 * target_modules, base_model_name_or_path) and adapter_model.safetensors with PEFT's key names, which
 * PEFT's PeftModel.from_pretrained and {@code skillmerge lora merge} read.
 */
public final class AdapterWriter {
    public static final String CONFIG = "adapter_config.json";
    public static final String WEIGHTS = "adapter_model.safetensors";

    private AdapterWriter() {
    }

    public static void write(LoraParameters lora, String baseModel, Path outDir) throws IOException {
        List<Trainable> factors = lora.trainables();
        List<TensorSpec> specs = new ArrayList<>();
        for (Trainable t : factors) {
            specs.add(ArrayTensors.spec(t.name(), t.value(), DType.F32));
        }
        try (SafetensorsWriter writer = SafetensorsWriter.create(outDir.resolve(WEIGHTS), specs, Map.of("format", "pt"))) {
            for (Trainable t : factors) {
                try (TensorOutput out = writer.open(t.name())) {
                    ArrayTensors.write(t.value(), out);
                }
            }
        }
        Json.write(outDir.resolve(CONFIG), config(lora.settings(), baseModel));
    }

    /** The config PEFT writes for a plain LoRA adapter (no dropout at inference, no DoRA, no rsLoRA). */
    static ObjectNode config(LoraSettings settings, String baseModel) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("peft_type", "LORA");
        root.put("task_type", "CAUSAL_LM");
        root.put("base_model_name_or_path", baseModel);
        root.put("r", settings.rank());
        root.put("lora_alpha", settings.alpha());
        root.put("lora_dropout", 0.0);
        root.put("bias", "none");
        root.put("fan_in_fan_out", false);
        root.put("use_rslora", false);
        root.put("use_dora", false);
        root.put("inference_mode", true);
        root.put("init_lora_weights", true);
        ArrayNode targets = root.putArray("target_modules");
        settings.targets().forEach(targets::add);
        root.putObject("rank_pattern");
        root.putObject("alpha_pattern");
        root.putNull("modules_to_save");
        return root;
    }
}
