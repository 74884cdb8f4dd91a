package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.OutputFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.cli.option.FloatDTypeConverter;
import dev.skillmerge.cli.option.OutputOptions;
import dev.skillmerge.cli.option.ShardOptions;
import dev.skillmerge.taskvectors.arithmetic.Sparsify;
import dev.skillmerge.taskvectors.vector.TaskVector;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sparsify", mixinStandardHelpOptions = true,
        description = {"Keep a fraction of each tensor's entries, with the merge engine's sparsifiers:",
                "magnitude keeps exactly int(density n) largest |tau| per tensor (TIES",
                "trimming); random keeps each entry with probability density (DARE),",
                "reproducible with --seed. --rescale: none (default for magnitude), l1 (kept",
                "entries carry the whole L1 norm; mergekit's DARE default, the default for",
                "random) or density (divide by density, as in the DARE paper; random only)."},
        footer = {"", "Examples:", "  skillmerge taskvector sparsify ./tv-code --density 0.2 --method magnitude -o ./tv-code-top20",
                "  skillmerge taskvector sparsify ./tv-code --density 0.1 --method random --rescale density --seed 7 -o ./tv-code-dare"})
public final class TaskVectorSparsifyCommand implements Callable<Integer> {
    enum MethodName { magnitude, random }

    enum RescaleName { none, l1, density }

    @Parameters(paramLabel = "TV", description = "The task vector folder.")
    Path vector;

    @Option(names = "--density", required = true, paramLabel = "D", description = "Fraction of entries kept, in [0, 1].")
    double density;

    @Option(names = "--method", required = true, paramLabel = "METHOD", description = "magnitude or random.")
    MethodName method;

    @Option(names = "--rescale", paramLabel = "HOW", description = "none, l1 or density (default: none for magnitude, l1 for random).")
    RescaleName rescale;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the random masks (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dtype", paramLabel = "DTYPE", converter = FloatDTypeConverter.class, description = "Stored dtype (default: the input's).")
    DType dtype;

    @Mixin
    OutputOptions output;

    @Mixin
    ShardOptions shards;

    @Override
    public Integer call() throws Exception {
        Sparsify.Method how = method == MethodName.magnitude ? Sparsify.Method.MAGNITUDE : Sparsify.Method.RANDOM;
        RescaleName r = rescale != null ? rescale : method == MethodName.magnitude ? RescaleName.none : RescaleName.l1;
        try (TaskVector v = TaskVector.open(vector)) {
            Sparsify sparsify = Sparsify.plan(v, density, how, Sparsify.Rescale.valueOf(r.name().toUpperCase(java.util.Locale.ROOT)), seed,
                    Optional.ofNullable(dtype));
            try (OutputFolder out = output.open(List.of(vector))) {
                try (Progress progress = Progress.start("sparsify", "tensors", sparsify.tensorCount(), sparsify.inputBytes())) {
                    sparsify.run(shards.threadCount(), shards.shardSize.bytes(), out.dir(), progress);
                }
                out.commit();
                System.out.println(out.target());
            }
        }
        return 0;
    }
}
