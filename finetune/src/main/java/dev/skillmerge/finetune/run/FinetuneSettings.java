package dev.skillmerge.finetune.run;

import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.finetune.data.DatasetSpec;
import dev.skillmerge.finetune.data.LongExamples;
import dev.skillmerge.finetune.recipe.Recipe;
import dev.skillmerge.finetune.train.LoraSettings;
import dev.skillmerge.runtime.engine.DeviceChoice;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything a fine-tuning run needs.
 *
 * @param evalSplit       the fraction of each training file held out for evaluation (0: none)
 * @param evalEvery       steps between evaluations (0: at the end of each epoch)
 * @param checkpointDir   where checkpoints and the live metrics go while the run trains
 * @param checkpointEvery steps between checkpoints (0: none)
 * @param keepCheckpoints keep {@code checkpointDir} after a successful run (it is deleted otherwise)
 * @param dtype           the dtype of the written weights (float32 by default: small updates vanish in bf16)
 */
public record FinetuneSettings(Path base, List<DatasetSpec> data, List<Path> evalData, double evalSplit, long evalEvery, Recipe recipe,
                               Optional<LoraSettings> lora, TemplateChoice template, LongExamples longExamples, Path output, boolean force,
                               Path checkpointDir, long checkpointEvery, boolean keepCheckpoints, boolean resume, DeviceChoice device,
                               int threads, DType dtype) {
    public FinetuneSettings {
        data = List.copyOf(data);
        evalData = List.copyOf(evalData);
        if (data.isEmpty()) {
            throw new IllegalArgumentException("at least one --data file is needed");
        }
        if (evalSplit < 0 || evalSplit >= 1) {
            throw new IllegalArgumentException("--eval-split must be in [0, 1)");
        }
    }

    /** The default checkpoint folder: {@code OUT.checkpoints} beside the output. */
    public static Path defaultCheckpointDir(Path output) {
        Path absolute = output.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + ".checkpoints");
    }
}
