package dev.skillmerge.finetune.testing;

import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.finetune.data.DatasetSpec;
import dev.skillmerge.finetune.data.LongExamples;
import dev.skillmerge.finetune.recipe.Recipe;
import dev.skillmerge.finetune.run.FinetuneSettings;
import dev.skillmerge.finetune.run.TemplateChoice;
import dev.skillmerge.finetune.train.LoraSettings;
import dev.skillmerge.runtime.engine.DeviceChoice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Run settings for tests: a small fast recipe on the CPU, one PyTorch thread, changed field by field. */
public final class Settings {
    public Path base;
    public List<DatasetSpec> data = new ArrayList<>();
    public List<Path> evalData = new ArrayList<>();
    public double evalSplit;
    public long evalEvery;
    public int epochs = 2;
    public long maxSteps;
    public double learningRate = 3e-3;
    public double warmupRatio = 0.1;
    public double weightDecay;
    public int batchSize = 8;
    public int accumulation = 1;
    public double maxGradNorm = 1.0;
    public int maxSeqLen = 128;
    public long seed = 1;
    public boolean pack = true;
    public Optional<LoraSettings> lora = Optional.empty();
    public LongExamples longExamples = LongExamples.FAIL;
    public Path output;
    public boolean force;
    public Path checkpointDir;
    public long checkpointEvery;
    public boolean keepCheckpoints;
    public boolean resume;

    public Settings(Path base, Path data, Path output) {
        this.base = base;
        this.data.add(new DatasetSpec(data, 1.0));
        this.output = output;
    }

    public Recipe recipe() {
        return new Recipe(epochs, maxSteps, learningRate, warmupRatio, weightDecay, batchSize, accumulation, maxGradNorm, maxSeqLen, seed, 0.9,
                0.999, 1e-8, pack);
    }

    public FinetuneSettings build() {
        return new FinetuneSettings(base, data, evalData, evalSplit, evalEvery, recipe(), lora, TemplateChoice.MODEL, longExamples, output,
                force, checkpointDir != null ? checkpointDir : FinetuneSettings.defaultCheckpointDir(output), checkpointEvery, keepCheckpoints,
                resume, DeviceChoice.CPU, 1, DType.F32);
    }
}
