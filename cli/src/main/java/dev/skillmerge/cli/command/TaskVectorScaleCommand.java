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

@Command(name = "scale", mixinStandardHelpOptions = true,
        description = {"Write s * tau. The expert's training record is kept, so --weights auto still",
                "applies |D| / |G| on top."},
        footer = {"", "Example:", "  skillmerge taskvector scale ./tv-code --factor 0.57 -o ./tv-code-0.57"})
public final class TaskVectorScaleCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TV", description = "The task vector folder.")
    Path vector;

    @Option(names = "--factor", required = true, paramLabel = "S", description = "The scale factor.")
    double factor;

    @Option(names = "--dtype", paramLabel = "DTYPE", converter = FloatDTypeConverter.class, description = "Stored dtype (default: the input's).")
    DType dtype;

    @Mixin
    OutputOptions output;

    @Mixin
    ShardOptions shards;

    @Override
    public Integer call() throws Exception {
        return CombinedTaskVector.write("scale", List.of(vector), new double[] {factor}, dtype, "scale " + factor, output, shards);
    }
}
