package dev.skillmerge.cli.command;

import dev.skillmerge.runtime.bench.DecodeBenchmark;
import dev.skillmerge.runtime.bench.MemoryBandwidth;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench-decode", mixinStandardHelpOptions = true,
        description = {"Measure the embedded runtime's decode speed (tokens/s, one sequence, CPU) against the memory-bandwidth",
                "bound: weight bytes read per token / this machine's measured read rate with the same thread count.",
                "Prints one Markdown table row; not a test."},
        footer = {"", "Example:", "  skillmerge bench-decode ./stories260K --threads 1 --tokens 400"})
public final class BenchDecodeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "A Hugging Face Llama-family folder.")
    Path model;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "1", description = "PyTorch threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--tokens", paramLabel = "N", defaultValue = "200", description = "Timed decode steps (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "20", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() throws Exception {
        DecodeBenchmark.Result r = DecodeBenchmark.run(model, threads, warmup, tokens);
        double bandwidth = MemoryBandwidth.readBytesPerSecond(1L << 30, threads, 5);
        double bound = bandwidth / r.weightBytes();
        System.out.printf(Locale.ROOT, "| %s | %s on disk, f32 in memory | %d | %.1f | %.2f GB | %.2f GB/s | %.1f | %.0f%% |%n",
                model.getFileName(), r.dtypeOnDisk(), threads, r.tokensPerSecond(), r.weightBytes() / 1e9, bandwidth / 1e9, bound,
                100 * r.tokensPerSecond() / bound);
        return 0;
    }
}
