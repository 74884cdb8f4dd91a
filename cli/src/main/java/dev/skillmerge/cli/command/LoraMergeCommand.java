package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.OutputFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.cli.option.OutputOptions;
import dev.skillmerge.cli.option.ShardOptions;
import dev.skillmerge.taskvectors.lora.LoraAdapter;
import dev.skillmerge.taskvectors.lora.LoraMerge;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge a LoRA adapter into a model: W += s * (alpha / r) * B A on every",
                "targeted module (alpha / sqrt(r) when adapter_config.json says use_rslora).",
                "Computed in float32, written in the model's dtypes; untouched tensors are",
                "copied byte for byte. An adapter for another architecture is an error."},
        footer = {"", "Examples:", "  skillmerge lora merge --base ./Llama-2-7b --adapter ./lora-science -o ./science",
                "  skillmerge lora merge --base ./general --adapter ./lora-code --scale 0.5 -o ./general+code"})
public final class LoraMergeCommand implements Callable<Integer> {
    @Option(names = "--base", required = true, paramLabel = "MODEL", description = "The model the adapter was trained on.")
    Path base;

    @Option(names = "--adapter", required = true, paramLabel = "ADAPTER", description = "The PEFT adapter folder.")
    Path adapter;

    @Option(names = "--scale", paramLabel = "S", defaultValue = "1", description = "Multiplier of the update (default: ${DEFAULT-VALUE}).")
    double scale;

    @Mixin
    OutputOptions output;

    @Mixin
    ShardOptions shards;

    @Override
    public Integer call() throws Exception {
        try (ModelFolder model = ModelFolder.open(base)) {
            LoraMerge merge = LoraMerge.plan(model, LoraAdapter.read(adapter), scale);
            try (OutputFolder out = output.open(List.of(base, adapter))) {
                try (Progress progress = Progress.start("lora merge", "tensors", merge.tensorCount(), merge.inputBytes())) {
                    merge.run(shards.threadCount(), shards.shardSize.bytes(), out.dir(), progress);
                }
                out.commit();
                System.out.println(out.target());
            }
        }
        return 0;
    }
}
