package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.OutputFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.stream.TensorJobs;
import dev.skillmerge.cli.option.FloatDTypeConverter;
import dev.skillmerge.cli.option.OutputOptions;
import dev.skillmerge.taskvectors.compress.Compression;
import dev.skillmerge.taskvectors.compress.CompressionReport;
import dev.skillmerge.taskvectors.vector.TaskVector;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compress", mixinStandardHelpOptions = true,
        description = {"Store a task vector as a PEFT LoRA adapter: each 2-D tensor as its rank-r",
                "truncated SVD (randomized, Halko et al. 2011), alpha = r so that 'skillmerge",
                "lora merge' adds B A back. Prints the retained energy (kept sigma^2 over",
                "||tau||^2) and relative error per tensor and overall; 1-D tensors (norms) have",
                "no LoRA form and are reported as left out."},
        footer = {"", "Example:", "  skillmerge taskvector compress ./tv-code --rank 16 -o ./lora-code",
                "  skillmerge lora merge --base ./pre --adapter ./lora-code -o ./expert-code-r16"})
public final class TaskVectorCompressCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TV", description = "The task vector folder.")
    Path vector;

    @Option(names = "--rank", required = true, paramLabel = "R", description = "LoRA rank; at most the smaller dimension of every 2-D tensor.")
    int rank;

    @Option(names = "--oversample", paramLabel = "P", defaultValue = "10",
            description = "Extra random directions of the range finder (default: ${DEFAULT-VALUE}).")
    int oversample;

    @Option(names = "--power-iterations", paramLabel = "Q", defaultValue = "2",
            description = "Power iterations; each costs two passes over a tensor (default: ${DEFAULT-VALUE}).")
    int powerIterations;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the random test matrices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dtype", paramLabel = "DTYPE", defaultValue = "f32", converter = FloatDTypeConverter.class,
            description = "Dtype of the adapter factors (default: ${DEFAULT-VALUE}).")
    DType dtype;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Worker threads (default: the number of CPUs).")
    Integer threads;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        try (TaskVector v = TaskVector.open(vector)) {
            Compression compression = Compression.plan(v, rank, oversample, powerIterations, seed, dtype);
            try (OutputFolder out = output.open(List.of(vector))) {
                CompressionReport report;
                try (Progress progress = Progress.start("compress", "tensors", compression.tensorCount(), compression.inputBytes())) {
                    report = compression.run(threads == null ? TensorJobs.defaultThreads() : Math.max(1, threads), out.dir(), progress);
                }
                out.commit();
                System.out.print(report.table());
                System.out.println(out.target());
            }
        }
        return 0;
    }
}
