package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.ByteSize;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.OutputFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.cli.option.ByteSizeConverter;
import dev.skillmerge.cli.option.ShardOptions;
import dev.skillmerge.merge.config.ConfigReader;
import dev.skillmerge.merge.config.MergeConfig;
import dev.skillmerge.merge.output.MergeOutput;
import dev.skillmerge.merge.plan.MergeOptions;
import dev.skillmerge.merge.plan.MergePlan;
import dev.skillmerge.merge.plan.Planner;
import dev.skillmerge.merge.run.MergeRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge models as a mergekit-style YAML (or JSON) config says.",
                "Methods: linear, task_arithmetic, ties, dare_ties, dare_linear, breadcrumbs, breadcrumbs_ties, della,",
                "della_linear, model_stock, slerp, nuslerp, multislerp, karcher, sce, nearswap, passthrough.",
                "Streams tensor by tensor: memory stays flat whatever the model size."},
        footer = {"", "Examples:", "  skillmerge merge examples/merge/ties.yml -o ./merged",
                "  skillmerge merge config.yml --dry-run",
                "  skillmerge merge config.yml -o ./merged --threads 2 --memory 1GB --seed 7"})
public final class MergeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CONFIG", description = "The merge config (.yml, .yaml or .json).")
    Path configFile;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Output folder (required unless --dry-run).")
    Path output;

    @Option(names = "--force", description = "Replace OUT if it exists and is not empty.")
    boolean force;

    @Mixin
    ShardOptions shards;

    @Option(names = "--memory", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Memory budget; fewer threads are used if the estimate exceeds it (e.g. 2GB).")
    ByteSize memory;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the random masks of dare_* and della* (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dry-run", description = "Print the plan (tensors, method per group, bytes, memory) and write nothing.")
    boolean dryRun;

    @Option(names = "--allow-crimes", description = "Merge models whose config.json model_type differs.")
    boolean allowCrimes;

    @Option(names = "--allow-missing", description = "Take a tensor missing from an input from the base instead of failing.")
    boolean allowMissing;

    @Option(names = "--allow-vocab-mismatch",
            description = "Merge embeddings/heads of different vocabulary sizes over their common rows (the reference's other rows are kept).")
    boolean allowVocabMismatch;

    @Option(names = "--copy-tokenizer", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Copy the tokenizer files of the tokenizer source (default: true).")
    boolean copyTokenizer;

    @Override
    public Integer call() throws Exception {
        if (output == null && !dryRun) {
            throw new UserInputException("merge: give an output folder with -o OUT (or use --dry-run)");
        }
        MergeConfig config = ConfigReader.read(configFile);
        MergePlan plan = Planner.plan(config, new MergeOptions(allowCrimes, allowMissing, allowVocabMismatch, seed));
        try {
            int threads = threadsWithinBudget(plan);
            if (dryRun) {
                System.out.print(plan.describe(threads, MergeRunner.memoryEstimate(plan, threads)));
                return 0;
            }
            List<Path> inputs = plan.models().values().stream().map(ModelFolder::root).toList();
            try (OutputFolder out = OutputFolder.create(output, force, inputs)) {
                try (Progress progress = Progress.start("merge", "tensors", plan.tensors().size(), plan.inputBytes())) {
                    MergeRunner.run(plan, seed, threads, shards.shardSize.bytes(), out.dir(), progress);
                }
                MergeOutput.write(plan, copyTokenizer, out.dir());
                out.commit();
                System.out.println(out.target());
            }
        } finally {
            for (ModelFolder m : plan.models().values()) {
                m.close();
            }
        }
        return 0;
    }

    private int threadsWithinBudget(MergePlan plan) {
        int threads = shards.threadCount();
        if (memory != null) {
            while (threads > 1 && MergeRunner.memoryEstimate(plan, threads) > memory.bytes()) {
                threads--;
            }
        }
        return threads;
    }
}
