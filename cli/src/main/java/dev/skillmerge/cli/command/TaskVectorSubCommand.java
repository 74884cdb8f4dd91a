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

@Command(name = "sub", mixinStandardHelpOptions = true,
        description = {"Write tau_A - tau_B: what one fine-tuning learned that another did not."},
        footer = {"", "Example:", "  skillmerge taskvector sub ./tv-code-long ./tv-code-short -o ./tv-code-diff"})
public final class TaskVectorSubCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A", description = "The task vector to subtract from.")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "The task vector subtracted.")
    Path b;

    @Option(names = "--dtype", paramLabel = "DTYPE", converter = FloatDTypeConverter.class,
            description = "Stored dtype (default: the wider of the inputs').")
    DType dtype;

    @Mixin
    OutputOptions output;

    @Mixin
    ShardOptions shards;

    @Override
    public Integer call() throws Exception {
        return CombinedTaskVector.write("sub", List.of(a, b), new double[] {1, -1}, dtype, "sub", output, shards);
    }
}
