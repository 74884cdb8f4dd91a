package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.convert.Conversion;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.OutputFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.cli.option.FloatDTypeConverter;
import dev.skillmerge.cli.option.OutputOptions;
import dev.skillmerge.cli.option.ShardOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Re-dtype and re-shard a model into a new Hugging Face folder.",
                "Floating-point tensors are rounded to nearest even; with an unchanged dtype the copy is bit-exact.",
                "Also turns a legacy pytorch_model.bin into safetensors."},
        footer = {"", "Examples:", "  skillmerge convert ./model -o ./model-f16 --dtype f16",
                "  skillmerge convert ./model -o ./model-resharded --shard-size 2GB"})
public final class ConvertCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "A Hugging Face model folder or a weights file.")
    Path model;

    @Option(names = "--dtype", paramLabel = "DTYPE", converter = FloatDTypeConverter.class,
            description = "Dtype of floating-point tensors: bf16, f16, f32, f64, fp8_e4m3, fp8_e5m2 (default: keep).")
    DType dtype;

    @Mixin
    OutputOptions output;

    @Mixin
    ShardOptions shards;

    @Override
    public Integer call() throws Exception {
        try (ModelFolder in = ModelFolder.open(model); OutputFolder out = output.open(List.of(model))) {
            try (Progress progress = Progress.start("convert", "tensors", in.tensors().size(), in.totalBytes())) {
                Conversion.run(in, Optional.ofNullable(dtype), shards.shardSize.bytes(), shards.threadCount(), out.dir(), progress);
            }
            out.commit();
            System.out.println(out.target());
        }
        return 0;
    }
}
