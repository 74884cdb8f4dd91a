package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.diff.CheckpointDiff;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.stream.TensorJobs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare two models tensor by tensor.",
                "Per tensor: max |a-b|, relative L2 difference ||a-b||/||a||, cosine; then names only one side has,",
                "shape and dtype mismatches, and a summary line."},
        footer = {"", "With --max-abs-diff the exit code is 1 when names or shapes differ or any tensor differs by more.",
                "Examples:", "  skillmerge diff ./merged ./expected", "  skillmerge diff ./a ./b --json --max-abs-diff 1e-3"})
public final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A")
    Path a;

    @Parameters(index = "1", paramLabel = "B")
    Path b;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--max-abs-diff", paramLabel = "X", description = "Fail (exit 1) when some |a-b| exceeds X or names/shapes differ.")
    Double maxAbsDiff;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Worker threads (default: the number of CPUs).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        try (ModelFolder left = ModelFolder.open(a); ModelFolder right = ModelFolder.open(b)) {
            CheckpointDiff diff;
            try (Progress progress = Progress.start("diff", "tensors", left.tensors().size(), left.totalBytes() + right.totalBytes())) {
                diff = CheckpointDiff.of(left, right, threads == null ? TensorJobs.defaultThreads() : threads, progress);
            }
            System.out.print(json ? Json.MAPPER.writeValueAsString(diff.toJson()) + "\n" : diff.toText());
            if (maxAbsDiff != null && (!diff.sameNamesAndShapes() || !(diff.maxAbs() <= maxAbsDiff))) {
                return 1;
            }
        }
        return 0;
    }
}
