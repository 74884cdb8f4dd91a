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

@Command(name = "negate", mixinStandardHelpOptions = true,
        description = {"Write -tau: applying it removes the skill (task-vector forgetting, Ilharco et",
                "al. 2023)."},
        footer = {"", "Example:", "  skillmerge taskvector negate ./tv-toxic -o ./tv-untoxic"})
public final class TaskVectorNegateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TV", description = "The task vector folder.")
    Path vector;

    @Option(names = "--dtype", paramLabel = "DTYPE", converter = FloatDTypeConverter.class, description = "Stored dtype (default: the input's).")
    DType dtype;

    @Mixin
    OutputOptions output;

    @Mixin
    ShardOptions shards;

    @Override
    public Integer call() throws Exception {
        return CombinedTaskVector.write("negate", List.of(vector), new double[] {-1}, dtype, "negate", output, shards);
    }
}
