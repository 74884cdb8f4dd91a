package dev.skillmerge.workflow.sweep;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.workflow.report.EvalSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code COMMAND MODEL --hooks HOOKS -o RESULTS ARGS...} for each point, by default the same
 * skillmerge ({@code $SKILLMERGE_HOME/skillmerge eval}); any program writing a summary.json in the
 * documented schema works (a vLLM-based evaluator, say). Exit codes 0 and 1 (a hook failed; its error is
 * in the summary) both yield results; anything else fails the sweep with the program's exit code.
 */
public final class CommandEvaluator implements PointEvaluator {
    private final List<String> command;
    private final String hooks;
    private final List<String> args;

    public CommandEvaluator(SweepSpec.EvalSpec spec) throws UserInputException {
        this.hooks = spec.hooks();
        this.args = spec.args();
        if (!spec.command().isEmpty()) {
            this.command = spec.command();
        } else {
            String home = System.getenv("SKILLMERGE_HOME");
            if (home == null || !Files.isExecutable(Path.of(home, "skillmerge"))) {
                throw new UserInputException("sweep: cannot find the skillmerge launcher to evaluate with (SKILLMERGE_HOME is unset);"
                        + " run through ./skillmerge or set eval.command");
            }
            this.command = List.of(Path.of(home, "skillmerge").toString(), "eval");
        }
    }

    /** The evaluation's identity for resume keys: a changed command, hook list or argument redoes the points. */
    public String fingerprint() {
        return String.join(" ", command) + " --hooks " + hooks + " " + String.join(" ", args);
    }

    @Override
    public EvalSummary evaluate(Path model, Path results) throws IOException, UserInputException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        cmd.add(model.toString());
        cmd.addAll(List.of("--hooks", hooks, "-o", results.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int code = p.waitFor();
        if (code != 0 && code != 1) {
            throw new UserInputException("sweep: evaluating " + model + " failed (exit " + code + "): " + String.join(" ", cmd));
        }
        return EvalSummary.read(results);
    }
}
