package dev.skillmerge.workflow.demo.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.merge.config.ConfigReader;
import dev.skillmerge.merge.config.MergeConfig;
import dev.skillmerge.merge.output.MergeOutput;
import dev.skillmerge.merge.plan.MergeOptions;
import dev.skillmerge.merge.plan.MergePlan;
import dev.skillmerge.merge.plan.Planner;
import dev.skillmerge.merge.run.MergeRunner;
import dev.skillmerge.workflow.report.TrainingCost;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The demo's merges, run in process by the merge engine (the same planner, runner and outputs as
 * {@code skillmerge merge}), each stored under its {@link MergeRecipe#key}. Beside the merged weights goes a
 * training.json with the summed cost of the experts merged in (merging itself trains nothing), so that
 * every model of the comparison states its cost in the same format.
 */
public final class Merges {
    private final StageCache cache;
    private final Trainings.Trained base;
    private final long seed;
    private final int threads;
    private final PrintStream log;

    public Merges(StageCache cache, Trainings.Trained base, long seed, int threads, PrintStream log) {
        this.cache = cache;
        this.base = base;
        this.seed = seed;
        this.threads = threads;
        this.log = log;
    }

    public Trainings.Trained merge(MergeRecipe recipe, java.util.List<Trainings.Trained> paidFor) throws Exception {
        String key = recipe.key(base, seed);
        boolean made = cache.ensure("merges", recipe.name(), key, dir -> {
            run(recipe.yaml(base), dir, seed, threads);
            Json.write(dir.resolve(TrainingCost.FILE_NAME), cost(recipe, paidFor));
        });
        log.println("demo: " + (made ? "merged " : "reusing merge ") + recipe.name() + " (" + recipe.method() + ": " + recipe.weights() + ")");
        return new Trainings.Trained(recipe.name(), cache.path("merges", recipe.name(), key), key);
    }

    /** Plans and runs a mergekit config into {@code out}, as skillmerge merge does. */
    public static void run(String yaml, Path out, long seed, int threads) throws IOException, UserInputException {
        MergeConfig config = ConfigReader.parse(out.resolve("merge.yml"), yaml);
        MergePlan plan = Planner.plan(config, new MergeOptions(false, false, false, seed));
        try {
            MergeRunner.run(plan, seed, threads, Long.MAX_VALUE, out, Progress.silent(0, 0));
            MergeOutput.write(plan, true, out);
        } finally {
            for (ModelFolder m : plan.models().values()) {
                m.close();
            }
        }
    }

    /** The summed training cost of the models a merge needed trained beyond the general model. */
    static ObjectNode cost(MergeRecipe recipe, java.util.List<Trainings.Trained> paidFor) throws IOException, UserInputException {
        long steps = 0;
        long examples = 0;
        long tokens = 0;
        double seconds = 0;
        for (Trainings.Trained t : paidFor) {
            TrainingCost c = TrainingCost.in(t.folder());
            steps += c.steps().orElse(0);
            examples += c.examples().orElse(0);
            tokens += c.tokens().orElse(0);
            seconds += c.wallSeconds().orElse(0);
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("derivation", recipe.method() + " merge: " + recipe.weights());
        o.put("steps", steps);
        ObjectNode d = o.putObject("dataset");
        d.put("name", String.join("+", paidFor.stream().map(Trainings.Trained::name).toList()));
        d.put("examples", examples);
        d.put("tokens", tokens);
        o.put("wall_seconds", seconds);
        o.put("note", "cost of training the merged experts; merging trains nothing");
        return o;
    }
}
