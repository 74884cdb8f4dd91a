package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.runtime.bench.DecodeBenchmark;
import dev.skillmerge.runtime.bench.MemoryBandwidth;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench-decode", mixinStandardHelpOptions = true,
        description = {"Measure the embedded runtime's decode speed (tokens/s, CPU) against the memory-bandwidth bound:",
                "weight bytes read per token / this machine's measured read rate with the same thread count.",
                "With --batch N > 1, N sequences are decoded together (as generation over a list of prompts does) and the row",
                "gives tokens/s of all rows together and the time per step instead of the bound.",
                "Prints one Markdown table row; not a test."},
        footer = {"", "Examples:", "  skillmerge bench-decode ./stories260K --threads 1 --tokens 400",
                "  skillmerge bench-decode ./stories260K --threads 1 --batch 32 --tokens 200"})
public final class BenchDecodeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "A Hugging Face Llama-family folder.")
    Path model;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "1", description = "PyTorch threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--tokens", paramLabel = "N", defaultValue = "200", description = "Timed decode steps (default: ${DEFAULT-VALUE}); each gives one token per sequence.")
    int tokens;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1", description = "Sequences decoded together (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "20", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() throws Exception {
        if (batch < 1) {
            throw new UserInputException("--batch must be at least 1, not " + batch);
        }
        DecodeBenchmark.Result r = DecodeBenchmark.run(model, threads, batch, warmup, tokens);
        if (batch > 1) {
            // | model | threads | batch | decode tok/s (all rows) | ms per step |
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.0f | %.2f |%n", model.getFileName(), threads, batch, r.tokensPerSecond(),
                    r.millisecondsPerStep());
            return 0;
        }
        double bandwidth = MemoryBandwidth.readBytesPerSecond(1L << 30, threads, 5);
        double bound = bandwidth / r.weightBytes();
        System.out.printf(Locale.ROOT, "| %s | %s on disk, f32 in memory | %d | %.1f | %.2f GB | %.2f GB/s | %.1f | %.0f%% |%n",
                model.getFileName(), r.dtypeOnDisk(), threads, r.tokensPerSecond(), r.weightBytes() / 1e9, bandwidth / 1e9, bound,
                100 * r.tokensPerSecond() / bound);
        return 0;
    }
}
