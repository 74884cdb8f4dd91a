package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.workflow.demo.base.Pretraining;
import dev.skillmerge.workflow.demo.pipeline.DemoPipeline;
import dev.skillmerge.workflow.demo.pipeline.DemoSettings;
import dev.skillmerge.workflow.demo.report.DemoReport;
import dev.skillmerge.workflow.demo.report.DemoResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The paper's study (Morrison et al. 2024) end to end at toy scale, from the small base model shipped in",
                "examples/demo/base: generate a general instruction mix and three skills (science extraction, safety refusals,",
                "code), train the general model, one expert per skill, RT and CFT, sweep task-arithmetic weights on the dev split,",
                "merge (task arithmetic with heuristic and dev-chosen weights, pairs and all three skills, linear, TIES, DARE),",
                "evaluate every model on the test split and write the report: README.md with the paper-style table, CSV, JSON",
                "and SVG plots. About 7.5 minutes on two cores; a second run reuses every finished step (content-keyed cache)."},
        footer = {"", "Examples:", "  skillmerge demo                # report: build/demo/report",
                "  skillmerge demo --check-only   # general model, experts, dev sweep",
                "  skillmerge demo --pretrain     # rebuild examples/demo/base (~1 hour)"})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "build/demo/report", description = "The report folder (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "build/demo/work",
            description = "Data, models, merges and evaluations, kept for reuse (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--base", paramLabel = "MODEL", description = "The pretrained base (default: examples/demo/base of this installation).")
    Path base;

    @Option(names = "--check-only", description = "Stop after the single-expert check (general model, experts, dev sweep).")
    boolean checkOnly;

    @Option(names = "--pretrain", description = "Rebuild the base from its recipe into --base (resumes an interrupted run from --work).")
    boolean pretrain;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "0", description = "PyTorch threads and scoring workers (default: one per core).")
    int threads;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getenv().getOrDefault("SKILLMERGE_HOME", "."));
        Path baseDir = base != null ? base : home.resolve("examples/demo/base");
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        if (pretrain) {
            Pretraining.run(Pretraining.Settings.shipped(), home.resolve("examples/models/stories260K"), work.resolve("pretrain"), baseDir, true,
                    System.err);
            System.out.println(baseDir);
            return 0;
        }
        if (!Files.isRegularFile(baseDir.resolve("config.json"))) {
            throw UserInputException.about(baseDir, "is not a model folder; pass --base, or rebuild the shipped base with skillmerge demo --pretrain");
        }
        DemoResult result = new DemoPipeline(DemoSettings.standard(n), work, System.err).run(baseDir, !checkOnly);
        if (checkOnly) {
            result.checks().forEach(c -> System.out.println(c.summary()));
            return 0;
        }
        DemoReport.write(result, "skillmerge demo", output);
        System.out.print(DemoReport.console(result.rows()));
        System.out.printf(java.util.Locale.ROOT, "%nreport: %s (%.0f s)%n", output.resolve("README.md"), result.seconds());
        return 0;
    }
}
