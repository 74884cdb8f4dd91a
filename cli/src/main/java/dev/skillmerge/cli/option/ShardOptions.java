package dev.skillmerge.cli.option;

import dev.skillmerge.checkpoint.ByteSize;
import dev.skillmerge.checkpoint.stream.TensorJobs;
import picocli.CommandLine.Option;

/** How a written model is split into files, and how many threads do the work. */
public final class ShardOptions {
    @Option(names = "--shard-size", paramLabel = "SIZE", defaultValue = "5GB", converter = ByteSizeConverter.class,
            description = "Largest shard file, Hugging Face style: 5GB = 5*10^9 bytes, 5GiB = 5*2^30 (default: ${DEFAULT-VALUE}).")
    public ByteSize shardSize;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Worker threads (default: the number of CPUs).")
    public Integer threads;

    public int threadCount() {
        return threads == null ? TensorJobs.defaultThreads() : Math.max(1, threads);
    }
}
