package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.OutputFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.cli.option.FloatDTypeConverter;
import dev.skillmerge.cli.option.OutputOptions;
import dev.skillmerge.cli.option.ShardOptions;
import dev.skillmerge.taskvectors.arithmetic.Extraction;
import dev.skillmerge.taskvectors.vector.TaskVectorManifest.SkippedTensor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "extract", mixinStandardHelpOptions = true,
        description = {"Write the task vector tau = TUNED - BASE: a folder of safetensors deltas plus",
                "taskvector.json (both models' fingerprints, the dtype, and the expert's",
                "dataset size and steps when its folder has a training.json). Integer tensors",
                "have no task vector and are listed as skipped. float32 deltas (the default)",
                "make extract-then-apply reproduce a bf16 expert bit for bit."},
        footer = {"", "Example:", "  skillmerge taskvector extract --base ./pre --tuned ./expert-science -o ./tv-science",
                "  skillmerge taskvector extract --base ./pre --tuned ./expert-code -o ./tv-code --dtype bf16"})
public final class TaskVectorExtractCommand implements Callable<Integer> {
    @Option(names = "--base", required = true, paramLabel = "PRE", description = "The model the expert was fine-tuned from.")
    Path base;

    @Option(names = "--tuned", required = true, paramLabel = "EXPERT", description = "The fine-tuned model.")
    Path tuned;

    @Option(names = "--dtype", paramLabel = "DTYPE", defaultValue = "f32", converter = FloatDTypeConverter.class,
            description = "Stored dtype of the deltas: f32 or bf16 (default: ${DEFAULT-VALUE}).")
    DType dtype;

    @Mixin
    OutputOptions output;

    @Mixin
    ShardOptions shards;

    @Override
    public Integer call() throws Exception {
        try (ModelFolder b = ModelFolder.open(base); ModelFolder t = ModelFolder.open(tuned)) {
            Extraction extraction = Extraction.plan(b, t, dtype);
            extraction.warnings().forEach(w -> System.err.println("warning: " + w));
            try (OutputFolder out = output.open(List.of(base, tuned))) {
                try (Progress progress = Progress.start("extract", "tensors", extraction.tensorCount(), extraction.inputBytes())) {
                    extraction.run(shards.threadCount(), shards.shardSize.bytes(), out.dir(), progress);
                }
                out.commit();
                System.out.println(out.target());
            }
            for (SkippedTensor s : extraction.skipped()) {
                System.out.println("skipped " + s.name() + " (" + s.dtype().torchName() + ", not floating point)");
            }
        }
        return 0;
    }
}
