package dev.skillmerge.cli.option;

import dev.skillmerge.checkpoint.dtype.DType;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** A floating-point dtype as users write it: bf16, bfloat16, f16, float16, f32, float32, f64, fp8_e4m3, fp8_e5m2. */
public final class FloatDTypeConverter implements CommandLine.ITypeConverter<DType> {
    @Override
    public DType convert(String value) {
        DType d = DType.parse(value).orElse(null);
        if (d == null || !d.isFloatingPoint()) {
            String valid = Arrays.stream(DType.values()).filter(DType::isFloatingPoint).map(DType::torchName).collect(Collectors.joining(", "));
            throw new CommandLine.TypeConversionException("'" + value + "' is not a floating-point dtype (valid: " + valid + ")");
        }
        return d;
    }
}
