package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.OutputFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.cli.option.OutputOptions;
import dev.skillmerge.cli.option.ShardOptions;
import dev.skillmerge.taskvectors.arithmetic.Combination;
import dev.skillmerge.taskvectors.vector.TaskVector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What negate, scale, add and sub share: open the vectors, write sum_k c_k tau_k as a new task vector folder. */
final class CombinedTaskVector {
    private CombinedTaskVector() {
    }

    static int write(String label, List<Path> inputs, double[] coefficients, DType dtype, String derivation, OutputOptions output,
                     ShardOptions shards) throws Exception {
        List<TaskVector> open = new ArrayList<>();
        try {
            for (Path p : inputs) {
                open.add(TaskVector.open(p));
            }
            Combination combination = Combination.plan(open, coefficients, Optional.ofNullable(dtype), derivation);
            combination.warnings().forEach(w -> System.err.println("warning: " + w));
            try (OutputFolder out = output.open(inputs)) {
                try (Progress progress = Progress.start(label, "tensors", combination.tensorCount(), combination.inputBytes())) {
                    combination.run(shards.threadCount(), shards.shardSize.bytes(), out.dir(), progress);
                }
                out.commit();
                System.out.println(out.target());
            }
        } finally {
            for (TaskVector v : open) {
                v.close();
            }
        }
        return 0;
    }
}
