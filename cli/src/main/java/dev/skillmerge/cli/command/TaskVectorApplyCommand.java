package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.OutputFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.cli.option.OutputOptions;
import dev.skillmerge.cli.option.ShardOptions;
import dev.skillmerge.taskvectors.arithmetic.Application;
import dev.skillmerge.taskvectors.arithmetic.AutoWeights;
import dev.skillmerge.taskvectors.vector.TaskVector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Add task vectors to a general model: theta = GENERAL + sum_k w_k tau_k (the",
                "paper's PTM). Each vector is TV or TV:W (weight W, default 1). --weights auto",
                "uses the paper's heuristic w_k = |D_k| / |G| from the dataset sizes recorded",
                "at training (training.json). Vectors must match GENERAL's tensor names and",
                "shapes; a vector taken against a base GENERAL does not descend from is a",
                "warning (an error with --strict). Writes a complete model folder."},
        footer = {"", "Examples:", "  skillmerge taskvector apply --onto ./general ./tv-science:0.22 ./tv-code:0.57 -o ./merged",
                "  skillmerge taskvector apply --onto ./general ./tv-science ./tv-safety ./tv-code --weights auto -o ./merged"})
public final class TaskVectorApplyCommand implements Callable<Integer> {
    @Option(names = "--onto", required = true, paramLabel = "GENERAL", description = "The model to add the task vectors to.")
    Path general;

    @Parameters(paramLabel = "TV[:W]", arity = "1..*", description = "Task vector folders, each with an optional weight.")
    List<String> vectors;

    @Option(names = "--weights", paramLabel = "auto", description = "'auto': w_k = |D_k| / |G| from recorded dataset sizes.")
    String weights;

    @Option(names = "--strict", description = "Make a lineage mismatch (vector base vs GENERAL) an error instead of a warning.")
    boolean strict;

    @Mixin
    OutputOptions output;

    @Mixin
    ShardOptions shards;

    /** A TV argument: the folder and its weight, when written as TV:W. */
    record WeightedFolder(Path folder, Double weight) {
        static WeightedFolder parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon > 0) {
                try {
                    return new WeightedFolder(Path.of(text.substring(0, colon)), Double.parseDouble(text.substring(colon + 1)));
                } catch (NumberFormatException notAWeight) {
                    // a colon that is part of the path
                }
            }
            return new WeightedFolder(Path.of(text), null);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (weights != null && !weights.equals("auto")) {
            throw new UserInputException("--weights " + weights + ": the only choice is 'auto'; give fixed weights as TV:W");
        }
        List<WeightedFolder> args = vectors.stream().map(WeightedFolder::parse).toList();
        if (weights != null && args.stream().anyMatch(a -> a.weight() != null)) {
            throw new UserInputException("give either --weights auto or weights as TV:W, not both");
        }
        List<TaskVector> open = new ArrayList<>();
        try (ModelFolder g = ModelFolder.open(general)) {
            for (WeightedFolder a : args) {
                open.add(TaskVector.open(a.folder()));
            }
            double[] w = weights != null ? AutoWeights.of(g, open) : args.stream().mapToDouble(a -> a.weight() == null ? 1 : a.weight()).toArray();
            Application application = Application.plan(g, open, w, strict);
            application.warnings().forEach(x -> System.err.println("warning: " + x));
            if (weights != null) {
                for (int k = 0; k < w.length; k++) {
                    System.err.println(String.format(Locale.ROOT, "weight %.6g for %s (|D| / |G|)", w[k], args.get(k).folder()));
                }
            }
            List<Path> inputs = new ArrayList<>(List.of(general));
            args.forEach(a -> inputs.add(a.folder()));
            try (OutputFolder out = output.open(inputs)) {
                try (Progress progress = Progress.start("apply", "tensors", application.tensorCount(), application.inputBytes())) {
                    application.run(shards.threadCount(), shards.shardSize.bytes(), out.dir(), progress);
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
