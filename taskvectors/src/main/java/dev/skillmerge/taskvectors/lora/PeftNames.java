package dev.skillmerge.taskvectors.lora;

import java.util.Optional;

/**
 * PEFT's key names in adapter_model.safetensors: {@code base_model.model.<module>.lora_A.weight} and
 * {@code .lora_B.weight} for linear layers, {@code .lora_embedding_A} and {@code .lora_embedding_B}
 * for embeddings, where {@code <module>} is the model's module path (its weight tensor minus
 * {@code .weight}), e.g. {@code base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight}.
 */
public final class PeftNames {
    static final String PREFIX = "base_model.model.";

    /** Which factor a key holds, and of which module. */
    public enum Factor {
        A(".lora_A.weight", false), B(".lora_B.weight", false),
        EMBEDDING_A(".lora_embedding_A", true), EMBEDDING_B(".lora_embedding_B", true);

        final String suffix;
        final boolean embedding;

        Factor(String suffix, boolean embedding) {
            this.suffix = suffix;
            this.embedding = embedding;
        }

        boolean isA() {
            return this == A || this == EMBEDDING_A;
        }
    }

    public record Key(String module, Factor factor) {
    }

    private PeftNames() {
    }

    /** Parses a saved key; empty when it is not a LoRA factor. */
    public static Optional<Key> parse(String key) {
        String name = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
        for (Factor f : Factor.values()) {
            if (name.endsWith(f.suffix)) {
                return Optional.of(new Key(name.substring(0, name.length() - f.suffix.length()), f));
            }
        }
        return Optional.empty();
    }

    public static String key(String module, Factor factor) {
        return PREFIX + module + factor.suffix;
    }

    /** The module a model weight belongs to: "model.layers.0.self_attn.q_proj.weight" is "model.layers.0.self_attn.q_proj". */
    public static String moduleOf(String weight) {
        return weight.endsWith(".weight") ? weight.substring(0, weight.length() - ".weight".length()) : weight;
    }

    /** The short name target_modules lists: the module path's last part ("q_proj"). */
    public static String shortName(String module) {
        return module.substring(module.lastIndexOf('.') + 1);
    }

    /** Embedding tables take lora_embedding_A/B, whose update is stored transposed. */
    public static boolean isEmbedding(String weight) {
        return weight.contains("embed_tokens") || weight.contains("wte") || weight.contains("tok_embeddings");
    }
}
