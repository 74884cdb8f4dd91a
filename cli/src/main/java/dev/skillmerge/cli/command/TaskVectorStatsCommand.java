package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.stream.TensorJobs;
import dev.skillmerge.taskvectors.stats.CosineHeatmap;
import dev.skillmerge.taskvectors.stats.StatsCsv;
import dev.skillmerge.taskvectors.stats.StatsJson;
import dev.skillmerge.taskvectors.stats.StatsReport;
import dev.skillmerge.taskvectors.stats.StatsTable;
import dev.skillmerge.taskvectors.stats.TaskVectorStats;
import dev.skillmerge.taskvectors.vector.TaskVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"How task vectors interfere: global and per-layer L2 norms, pairwise cosine",
                "similarity, sign-conflict rate (share of coordinates where both are nonzero",
                "with opposite signs; across all vectors, where at least two are nonzero and",
                "disagree), sparsity, and each vector's largest tensors. A table by default, or",
                "--json / --csv; --heatmap draws per-layer cosine between vectors as SVG."},
        footer = {"", "Examples:", "  skillmerge taskvector stats ./tv-science ./tv-safety ./tv-code --heatmap cosine.svg",
                "  skillmerge taskvector stats ./tv-science ./tv-code --csv > layers.csv"})
public final class TaskVectorStatsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TV", arity = "1..*", description = "Task vector folders (the same architecture).")
    List<Path> vectors;

    static final class Format {
        @Option(names = "--json", description = "Print the report as JSON.")
        boolean json;

        @Option(names = "--csv", description = "Print the per-layer figures as CSV (a first row 'all' for the whole vectors).")
        boolean csv;
    }

    @ArgGroup(exclusive = true)
    Format format = new Format();

    @Option(names = "--heatmap", paramLabel = "FILE.svg", description = "Also write an SVG heatmap of per-layer cosine between the vectors.")
    Path heatmap;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Worker threads (default: the number of CPUs).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        if (heatmap != null && vectors.size() < 2) {
            throw new UserInputException("--heatmap draws cosine between task vectors; give at least two");
        }
        List<TaskVector> open = new ArrayList<>();
        try {
            for (Path v : vectors) {
                open.add(TaskVector.open(v));
            }
            StatsReport report;
            int tensors = open.getFirst().tensors().size();
            try (Progress progress = Progress.start("stats", "tensors", tensors, TaskVectorStats.inputBytes(open))) {
                report = TaskVectorStats.compute(open, threads == null ? TensorJobs.defaultThreads() : Math.max(1, threads), progress);
            }
            System.out.print(format.json ? StatsJson.render(report) : format.csv ? StatsCsv.render(report) : StatsTable.render(report));
            if (heatmap != null) {
                Files.writeString(heatmap, CosineHeatmap.render(report));
                System.err.println("heatmap written to " + heatmap);
            }
        } finally {
            for (TaskVector v : open) {
                v.close();
            }
        }
        return 0;
    }
}
