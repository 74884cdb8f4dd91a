package dev.skillmerge.workflow.sweep;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.workflow.report.EvalSummary;
import java.io.IOException;
import java.nio.file.Path;

/** Judges one merged model of a sweep, leaving an eval results folder with summary.json. */
@FunctionalInterface
public interface PointEvaluator {
    EvalSummary evaluate(Path model, Path results) throws IOException, UserInputException, InterruptedException;
}
