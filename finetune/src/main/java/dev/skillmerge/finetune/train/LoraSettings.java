package dev.skillmerge.finetune.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.hf.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A LoRA adapter to train (Hu et al. 2021): each target projection W becomes W + (alpha / r) B A with A
 * [r, in] and B [out, r], A initialized as PEFT does (Kaiming-uniform, bound 1/sqrt(in)) and B at zero, so
 * training starts from the base model exactly.
 *
 * @param targets short module names, as PEFT's target_modules lists them
 */
public record LoraSettings(int rank, double alpha, List<String> targets) {
    /** Every linear projection of a Llama layer, what PEFT calls "all-linear" for this architecture. */
    public static final List<String> ALL_LINEAR = List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");
    /** PEFT's default targets for Llama models. */
    public static final List<String> DEFAULT_TARGETS = List.of("q_proj", "v_proj");

    public LoraSettings {
        if (rank < 1) {
            throw new IllegalArgumentException("--lora rank must be at least 1");
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("--lora-alpha must be positive");
        }
        targets = List.copyOf(targets);
        for (String t : targets) {
            if (!ALL_LINEAR.contains(t)) {
                throw new IllegalArgumentException("--lora-targets: '" + t + "' is not a Llama projection (" + String.join(", ", ALL_LINEAR)
                        + ", or all-linear)");
            }
        }
    }

    /** Parses "q_proj,v_proj" or "all-linear". */
    public static List<String> parseTargets(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String t = part.trim();
            if (t.equals("all-linear")) {
                out.addAll(ALL_LINEAR);
            } else if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return new ArrayList<>(out);
    }

    public double scale() {
        return alpha / rank;
    }

    /** The module's full path when its last part is a target: "model.layers.0.self_attn.q_proj". */
    boolean targets(String module) {
        return targets.contains(module.substring(module.lastIndexOf('.') + 1));
    }

    public ObjectNode json() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("r", rank);
        o.put("lora_alpha", alpha);
        targets.forEach(o.putArray("target_modules")::add);
        return o;
    }
}
