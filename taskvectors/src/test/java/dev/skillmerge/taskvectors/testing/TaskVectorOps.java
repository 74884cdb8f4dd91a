package dev.skillmerge.taskvectors.testing;

import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.taskvectors.arithmetic.Application;
import dev.skillmerge.taskvectors.arithmetic.Combination;
import dev.skillmerge.taskvectors.arithmetic.Extraction;
import dev.skillmerge.taskvectors.vector.TaskVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs task-vector operations the way the CLI does, into fresh folders, silently. */
public final class TaskVectorOps {
    private TaskVectorOps() {
    }

    public static Path extract(Path base, Path tuned, DType dtype, Path out) throws Exception {
        try (ModelFolder b = ModelFolder.open(base); ModelFolder t = ModelFolder.open(tuned)) {
            Files.createDirectories(out);
            Extraction.plan(b, t, dtype).run(2, Long.MAX_VALUE, out, Progress.silent(0, 0));
        }
        return out;
    }

    public static Path apply(Path general, List<Path> vectors, double[] weights, boolean strict, Path out) throws Exception {
        List<TaskVector> open = new ArrayList<>();
        try (ModelFolder g = ModelFolder.open(general)) {
            for (Path v : vectors) {
                open.add(TaskVector.open(v));
            }
            Application application = Application.plan(g, open, weights, strict);
            Files.createDirectories(out);
            application.run(2, Long.MAX_VALUE, out, Progress.silent(0, 0));
        } finally {
            for (TaskVector v : open) {
                v.close();
            }
        }
        return out;
    }

    public static Path combine(List<Path> vectors, double[] coefficients, Path out) throws Exception {
        List<TaskVector> open = new ArrayList<>();
        try {
            for (Path v : vectors) {
                open.add(TaskVector.open(v));
            }
            Combination c = Combination.plan(open, coefficients, Optional.empty(), "test");
            Files.createDirectories(out);
            c.run(2, Long.MAX_VALUE, out, Progress.silent(0, 0));
        } finally {
            for (TaskVector v : open) {
                v.close();
            }
        }
        return out;
    }
}
