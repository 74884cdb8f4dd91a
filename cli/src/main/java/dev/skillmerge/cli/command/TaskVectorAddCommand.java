package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.cli.option.FloatDTypeConverter;
import dev.skillmerge.cli.option.OutputOptions;
import dev.skillmerge.cli.option.ShardOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Write tau_1 + tau_2 + ...: several skills as one vector. Vectors taken against",
                "different bases are a warning."},
        footer = {"", "Example:", "  skillmerge taskvector add ./tv-science ./tv-code -o ./tv-science+code"})
public final class TaskVectorAddCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TV", arity = "2..*", description = "Task vector folders (the same architecture).")
    List<Path> vectors;

    @Option(names = "--dtype", paramLabel = "DTYPE", converter = FloatDTypeConverter.class,
            description = "Stored dtype (default: the widest of the inputs').")
    DType dtype;

    @Mixin
    OutputOptions output;

    @Mixin
    ShardOptions shards;

    @Override
    public Integer call() throws Exception {
        double[] ones = new double[vectors.size()];
        java.util.Arrays.fill(ones, 1);
        return CombinedTaskVector.write("add", vectors, ones, dtype, "add", output, shards);
    }
}
