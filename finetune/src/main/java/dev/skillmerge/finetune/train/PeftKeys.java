package dev.skillmerge.finetune.train;

/**
 * PEFT's names for a LoRA module's factors in adapter_model.safetensors, which the taskvectors module's
 * {@code lora merge} and PEFT's own loader read: {@code base_model.model.<module>.lora_A.weight} and
 * {@code .lora_B.weight}, where {@code <module>} is the weight's name without {@code .weight}.
 */
public final class PeftKeys {
    private static final String PREFIX = "base_model.model.";

    private PeftKeys() {
    }

    public static String a(String module) {
        return PREFIX + module + ".lora_A.weight";
    }

    public static String b(String module) {
        return PREFIX + module + ".lora_B.weight";
    }
}
