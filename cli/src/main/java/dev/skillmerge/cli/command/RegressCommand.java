package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.workflow.regress.MetricCheck;
import dev.skillmerge.workflow.regress.RegressionGate;
import dev.skillmerge.workflow.regress.RegressionReport;
import dev.skillmerge.workflow.regress.Tolerance;
import dev.skillmerge.workflow.report.EvalSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "regress", mixinStandardHelpOptions = true,
        description = {"CI gate: fail (exit 1) when a candidate's eval results regress from a baseline's.",
                "Compares summary.json files of `skillmerge eval` metric by metric; without --max-drop every primary metric",
                "of the baseline must not drop at all. Losses and perplexities regress when they rise."},
        footer = {"", "Exit codes: 0 no regression, 1 regression, 2 invalid input.",
                "Examples:",
                "  skillmerge regress --baseline results/main --candidate results/pr --max-drop '*=0.01'",
                "  skillmerge regress --baseline base.json --candidate new.json --max-drop gsm8k/accuracy=0.02 --max-drop xstest=5%% \\",
                "      --junit regress.xml --markdown regress.md"})
public final class RegressCommand implements Callable<Integer> {
    @Option(names = "--baseline", required = true, paramLabel = "BASE", description = "Baseline summary.json or results folder.")
    Path baseline;

    @Option(names = "--candidate", required = true, paramLabel = "NEW", description = "Candidate summary.json or results folder.")
    Path candidate;

    @Option(names = "--max-drop", paramLabel = "METRIC=AMOUNT",
            description = "Allowed drop: hook/metric=0.01 (absolute), hook=2%% (relative, primary metric), *=0.01 (every primary). Repeatable.")
    List<String> maxDrops = new ArrayList<>();

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write a JUnit XML report (one test case per metric).")
    Path junit;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the Markdown summary to FILE (e.g. $GITHUB_STEP_SUMMARY).")
    Path markdown;

    @Override
    public Integer call() throws Exception {
        List<Tolerance> tolerances = new ArrayList<>();
        for (String t : maxDrops) {
            tolerances.add(Tolerance.parse(t));
        }
        List<MetricCheck> checks = RegressionGate.check(EvalSummary.read(baseline), EvalSummary.read(candidate), tolerances);
        if (checks.isEmpty()) {
            throw new UserInputException(baseline + ": no metric to check (no hook with a primary metric)");
        }
        String report = RegressionReport.markdown(checks, baseline.toString(), candidate.toString());
        System.out.print(report);
        if (junit != null) {
            Files.writeString(junit, RegressionReport.junitXml(checks));
        }
        if (markdown != null) {
            Files.writeString(markdown, report);
        }
        return checks.stream().allMatch(MetricCheck::passed) ? 0 : 1;
    }
}
