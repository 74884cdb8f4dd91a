package dev.skillmerge.taskvectors.lora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fields of PEFT's {@code adapter_config.json} that decide how a LoRA update is merged:
 * W += (alpha / r) B A, or (alpha / sqrt r) B A with rsLoRA (Kalajdzievski 2023); {@code alpha_pattern}
 * overrides alpha per module (the key matches the module name or its dotted suffix, as PEFT matches it);
 * {@code fan_in_fan_out} means the layer stores W transposed (GPT-2's Conv1D). DoRA and other PEFT types
 * are refused: their merge is not W + scale B A.
 */
public record AdapterConfig(int r, double loraAlpha, boolean useRslora, boolean fanInFanOut, List<String> targetModules,
                            Map<String, Double> alphaPattern, Optional<String> baseModel) {
    public static final String FILE_NAME = "adapter_config.json";

    public AdapterConfig {
        targetModules = List.copyOf(targetModules);
        alphaPattern = Map.copyOf(alphaPattern);
    }

    public static AdapterConfig read(Path folder) throws UserInputException, IOException {
        Path file = folder.resolve(FILE_NAME);
        JsonNode root = Json.readObject(file);
        String type = root.path("peft_type").asText("LORA");
        if (!type.equals("LORA")) {
            throw UserInputException.about(file, "peft_type is " + type + "; only LORA adapters can be merged");
        }
        if (root.path("use_dora").asBoolean(false)) {
            throw UserInputException.about(file, "use_dora is true; DoRA adapters rescale weight columns and are not merged here");
        }
        JsonNode r = root.path("r");
        if (!r.isIntegralNumber() || r.intValue() < 1) {
            throw UserInputException.about(file, "'r' must be a positive whole number, got " + r);
        }
        JsonNode alpha = root.path("lora_alpha");
        if (!alpha.isNumber()) {
            throw UserInputException.about(file, "'lora_alpha' must be a number, got " + alpha);
        }
        Map<String, Double> pattern = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.path("alpha_pattern").properties()) {
            if (!e.getValue().isNumber()) {
                throw UserInputException.about(file, "alpha_pattern['" + e.getKey() + "'] must be a number");
            }
            pattern.put(e.getKey(), e.getValue().doubleValue());
        }
        List<String> targets = root.path("target_modules").isTextual() ? List.of(root.get("target_modules").textValue())
                : root.path("target_modules").valueStream().map(JsonNode::asText).toList();
        Optional<String> base = root.path("base_model_name_or_path").isTextual() ? Optional.of(root.get("base_model_name_or_path").textValue())
                : Optional.empty();
        return new AdapterConfig(r.intValue(), alpha.doubleValue(), root.path("use_rslora").asBoolean(false),
                root.path("fan_in_fan_out").asBoolean(false), targets, pattern, base);
    }

    /** alpha for one module: the first alpha_pattern key matching the module name or a dotted suffix of it, else lora_alpha. */
    public double alphaFor(String module) {
        for (Map.Entry<String, Double> e : alphaPattern.entrySet()) {
            if (Pattern.compile("(.*\\.)?" + e.getKey() + "$").matcher(module).matches()) {
                return e.getValue();
            }
        }
        return loraAlpha;
    }

    /** The factor in front of B A for a module of rank {@code rank}. */
    public double scaling(String module, int rank) {
        double alpha = alphaFor(module);
        return useRslora ? alpha / Math.sqrt(rank) : alpha / rank;
    }

    /** The config PEFT writes for a plain LoRA adapter of rank r on these modules. */
    public static ObjectNode plain(int r, double alpha, List<String> targetModules, String baseModel) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("peft_type", "LORA");
        root.put("task_type", "CAUSAL_LM");
        root.put("base_model_name_or_path", baseModel);
        root.put("r", r);
        root.put("lora_alpha", alpha);
        root.put("lora_dropout", 0.0);
        root.put("bias", "none");
        root.put("fan_in_fan_out", false);
        root.put("use_rslora", false);
        root.put("use_dora", false);
        root.put("inference_mode", true);
        root.put("init_lora_weights", true);
        ArrayNode targets = root.putArray("target_modules");
        targetModules.forEach(targets::add);
        root.putObject("rank_pattern");
        root.putObject("alpha_pattern");
        root.putNull("modules_to_save");
        return root;
    }
}
