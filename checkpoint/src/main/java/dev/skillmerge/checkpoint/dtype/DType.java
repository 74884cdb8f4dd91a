package dev.skillmerge.checkpoint.dtype;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The element types of the safetensors format, with their byte size and the names users write for them. */
public enum DType {
    F64(8, true, "float64", "f64", "double"),
    F32(4, true, "float32", "f32", "float"),
    F16(2, true, "float16", "f16", "half", "fp16"),
    BF16(2, true, "bfloat16", "bf16"),
    I64(8, false, "int64", "i64", "long"),
    I32(4, false, "int32", "i32", "int"),
    I16(2, false, "int16", "i16", "short"),
    I8(1, false, "int8", "i8"),
    U8(1, false, "uint8", "u8"),
    BOOL(1, false, "bool"),
    F8_E4M3(1, true, "float8_e4m3fn", "f8_e4m3", "fp8_e4m3"),
    F8_E5M2(1, true, "float8_e5m2", "f8_e5m2", "fp8_e5m2");

    private final int byteSize;
    private final boolean floatingPoint;
    private final String[] aliases;

    DType(int byteSize, boolean floatingPoint, String... aliases) {
        this.byteSize = byteSize;
        this.floatingPoint = floatingPoint;
        this.aliases = aliases;
    }

    public int byteSize() {
        return byteSize;
    }

    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    /** The name safetensors headers use ("BF16"). */
    public String safetensorsName() {
        return name();
    }

    /** The name Hugging Face config.json uses for {@code torch_dtype} ("bfloat16"). */
    public String torchName() {
        return aliases[0];
    }

    /** Looks up a dtype as written in a safetensors header; empty when the name is not in the format. */
    public static Optional<DType> fromSafetensorsName(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }

    /**
     * Looks up a dtype as a user or config writes it: "bf16", "bfloat16", "BF16", "torch.float16", ...
     * Empty when the name is unknown.
     */
    public static Optional<DType> parse(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("torch.")) {
            name = name.substring("torch.".length());
        }
        for (DType d : values()) {
            if (d.name().toLowerCase(Locale.ROOT).equals(name)) {
                return Optional.of(d);
            }
            for (String alias : d.aliases) {
                if (alias.equals(name)) {
                    return Optional.of(d);
                }
            }
        }
        return Optional.empty();
    }
}
