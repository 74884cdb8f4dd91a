package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.workflow.sweep.CommandEvaluator;
import dev.skillmerge.workflow.sweep.SlurmScript;
import dev.skillmerge.workflow.sweep.SweepGrid;
import dev.skillmerge.workflow.sweep.SweepPoint;
import dev.skillmerge.workflow.sweep.SweepRunner;
import dev.skillmerge.workflow.sweep.SweepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Ablation sweep: merge every point of a grid (methods x weights x densities x expert subsets),",
                "evaluate each merge, and append one tidy row per point to OUTPUT/rows.jsonl and rows.csv, with",
                "pareto.svg and weights.svg. Resumable: points whose key (config + input fingerprints) has a row are skipped."},
        footer = {"", "SWEEP.yml:",
                "  base_model: ./pretrained",
                "  general: ./general                 # added at weight 1: theta_G + w * tau (the paper's PTM)",
                "  experts: {science: ./experts/science, code: ./experts/code}",
                "  methods: [task_arithmetic, ties]",
                "  weights: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]",
                "  densities: [0.5]",
                "  subsets: [[science], [code], all]",
                "  eval: {hooks: \"science,general\", args: [\"--limit\", \"100\"]}",
                "  pareto: {x: gsm8k, y: science}",
                "  output: ./sweeps/ptm",
                "Examples:",
                "  skillmerge sweep examples/sweeps/ptm-weights.yml",
                "  skillmerge sweep sweep.yml --shard 3/8 --keep",
                "  skillmerge sweep sweep.yml --emit slurm --shards 8      # writes OUTPUT/sweep.slurm for sbatch"})
public final class SweepCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SWEEP.yml")
    Path file;

    @Option(names = "--keep", description = "Keep every merged model (default: delete each after its evaluation).")
    boolean keep;

    @Option(names = "--shard", paramLabel = "i/n", description = "Run only shard i of n (points whose index modulo n is i-1).")
    String shard;

    @Option(names = "--emit", paramLabel = "KIND", description = "Instead of running, write a job script: 'slurm' (a job array over --shards).")
    String emit;

    @Option(names = "--shards", paramLabel = "N", defaultValue = "4", description = "Array tasks for --emit slurm (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--dry-run", description = "List the points and their merge configs; merge and evaluate nothing.")
    boolean dryRun;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "2", description = "Merge threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        SweepSpec spec = SweepSpec.read(file);
        if (emit != null) {
            if (!emit.equals("slurm")) {
                throw new UserInputException("--emit: only 'slurm' is supported, got '" + emit + "'");
            }
            Files.createDirectories(spec.output());
            Path script = spec.output().resolve("sweep.slurm");
            String home = System.getenv().getOrDefault("SKILLMERGE_HOME", ".");
            Files.writeString(script, SlurmScript.render(file, spec.output(), Path.of(home), shards, threads));
            System.out.println(script);
            return 0;
        }
        List<SweepPoint> points = SweepGrid.points(spec);
        if (dryRun) {
            points.forEach(p -> System.out.println(p.index() + "\t" + p.label()));
            System.out.println(points.size() + " points, output " + spec.output());
            return 0;
        }
        CommandEvaluator evaluator = new CommandEvaluator(spec.eval());
        int ran = SweepRunner.run(spec, evaluator, evaluator.fingerprint(),
                new SweepRunner.Options(keep, shard == null ? null : SweepGrid.Shard.parse(shard), threads, System.err));
        System.out.println(spec.output().resolve("rows.csv"));
        System.err.println("sweep: " + ran + " point(s) run, " + (points.size() - ran) + " skipped or in other shards");
        return 0;
    }
}
