package dev.skillmerge.merge.testing;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.merge.config.ConfigReader;
import dev.skillmerge.merge.config.MergeConfig;
import dev.skillmerge.merge.output.MergeOutput;
import dev.skillmerge.merge.plan.MergeOptions;
import dev.skillmerge.merge.plan.MergePlan;
import dev.skillmerge.merge.plan.Planner;
import dev.skillmerge.merge.run.MergeRunner;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs a merge from a YAML string, the way the CLI does, into a fresh folder. */
public final class Merges {
    private Merges() {
    }

    public static Path run(Path dir, String yaml) throws Exception {
        return run(dir, yaml, MergeOptions.DEFAULT, 2, "out");
    }

    public static Path run(Path dir, String yaml, MergeOptions options, int threads, String outName) throws Exception {
        Path configFile = dir.resolve(outName + ".yml");
        Files.writeString(configFile, yaml);
        MergeConfig config = ConfigReader.read(configFile);
        MergePlan plan = Planner.plan(config, options);
        Path out = dir.resolve(outName);
        Files.createDirectories(out);
        try {
            MergeRunner.run(plan, options.seed(), threads, Long.MAX_VALUE, out, Progress.silent(0, 0));
            MergeOutput.write(plan, true, out);
        } finally {
            for (ModelFolder m : plan.models().values()) {
                m.close();
            }
        }
        return out;
    }

    /** The one-line error a merge gives. */
    public static String error(Path dir, String yaml) throws Exception {
        try {
            run(dir, yaml);
        } catch (UserInputException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the merge to fail");
    }
}
