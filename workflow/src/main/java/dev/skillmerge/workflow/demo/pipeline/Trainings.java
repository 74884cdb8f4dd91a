package dev.skillmerge.workflow.demo.pipeline;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.finetune.data.DatasetSpec;
import dev.skillmerge.finetune.data.LongExamples;
import dev.skillmerge.finetune.run.FinetuneRun;
import dev.skillmerge.finetune.run.FinetuneSettings;
import dev.skillmerge.finetune.run.TemplateChoice;
import dev.skillmerge.finetune.train.TrainingListener;
import dev.skillmerge.runtime.engine.DeviceChoice;
import dev.skillmerge.workflow.demo.data.DemoData;
import dev.skillmerge.workflow.demo.data.Split;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The demo's fine-tuning runs with the project's trainer ({@link FinetuneRun}), each stored under a key of
 * its start model, data and recipe. The trainer writes the model atomically with its training.json (steps,
 * examples, tokens, seconds) and checkpoints beside it, so a demo killed mid-training resumes that run.
 */
public final class Trainings {
    /** A trained model: its folder and its content key. */
    public record Trained(String name, Path folder, String key) {
    }

    private final StageCache cache;
    private final Path data;
    private final String dataKey;
    private final long seed;
    private final int maxSeqLen;
    private final int threads;
    private final PrintStream log;

    public Trainings(StageCache cache, Path data, String dataKey, long seed, int maxSeqLen, int threads, PrintStream log) {
        this.cache = cache;
        this.data = data;
        this.dataKey = dataKey;
        this.seed = seed;
        this.maxSeqLen = maxSeqLen;
        this.threads = threads;
        this.log = log;
    }

    /**
     * Fine-tunes {@code start} on the training splits of {@code sets} (one epoch of each, mixed), or finds
     * the finished run.
     */
    public Trained train(String name, Trained start, List<String> sets, TrainRecipe recipe) throws UserInputException, IOException {
        String key = Keys.of("train", start.key(), dataKey, String.join("+", sets), recipe.toString(), Long.toString(seed),
                Integer.toString(maxSeqLen));
        Path out = cache.path("models", name, key);
        if (Files.isDirectory(out)) {
            log.println("demo: " + name + ": reusing " + out);
            return new Trained(name, out, key);
        }
        log.println("demo: training " + name + " (" + start.name() + " + " + String.join(" + ", sets) + ", " + recipe + ")");
        Files.createDirectories(out.getParent());
        List<DatasetSpec> specs = new ArrayList<>();
        for (String set : sets) {
            specs.add(new DatasetSpec(DemoData.file(data, Split.TRAIN, set), 1.0));
        }
        Path checkpoints = out.resolveSibling("." + out.getFileName() + ".checkpoints");
        boolean resume = Files.isRegularFile(checkpoints.resolve("run.json"));
        FinetuneSettings s = new FinetuneSettings(start.folder(), specs, List.of(), 0, 0, recipe.recipe(seed, maxSeqLen), Optional.empty(),
                TemplateChoice.TULU, LongExamples.SKIP, out, true, checkpoints, 50, false, resume, DeviceChoice.CPU, threads, DType.F32);
        FinetuneRun.run(s, TrainingListener.all());
        return new Trained(name, out, key);
    }
}
