package dev.skillmerge.cli.option;

import dev.skillmerge.checkpoint.ByteSize;
import picocli.CommandLine;

public final class ByteSizeConverter implements CommandLine.ITypeConverter<ByteSize> {
    @Override
    public ByteSize convert(String value) {
        try {
            return ByteSize.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
