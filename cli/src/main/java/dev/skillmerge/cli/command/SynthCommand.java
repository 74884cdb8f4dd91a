package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.OutputFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.synth.SynthShape;
import dev.skillmerge.checkpoint.synth.SyntheticCheckpoint;
import dev.skillmerge.cli.option.FloatDTypeConverter;
import dev.skillmerge.cli.option.OutputOptions;
import dev.skillmerge.cli.option.ShardOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Write a deterministic synthetic Llama-shaped checkpoint, or an expert (a model plus noise).",
                "The output is config.json + sharded safetensors; the same arguments give the same bytes."},
        footer = {"", "Examples:", "  skillmerge synth -o ./base --params 0.5B",
                "  skillmerge synth -o ./expert1 --like ./base --noise 0.002 --seed 1",
                "  skillmerge synth -o ./tiny --layers 2 --hidden 128 --vocab 512 --dtype f32"})
public final class SynthCommand implements Callable<Integer> {
    @Option(names = "--params", paramLabel = "COUNT", description = "Approximate parameter count: 500M, 0.5B, 7B (default: 10M).")
    String params;

    @Option(names = "--layers", paramLabel = "N", description = "Number of layers (default: chosen from --params).")
    Integer layers;

    @Option(names = "--hidden", paramLabel = "H", description = "Hidden size (default: chosen from --params).")
    Integer hidden;

    @Option(names = "--intermediate", paramLabel = "I", description = "MLP size (default: 8/3 hidden rounded up to 256).")
    Integer intermediate;

    @Option(names = "--heads", paramLabel = "N", description = "Attention heads (default: hidden/64).")
    Integer heads;

    @Option(names = "--kv-heads", paramLabel = "N", description = "Key/value heads for grouped-query attention (default: --heads).")
    Integer kvHeads;

    @Option(names = "--vocab", paramLabel = "V", defaultValue = "32000", description = "Vocabulary size (default: ${DEFAULT-VALUE}).")
    int vocab;

    @Option(names = "--tied", description = "Tie the output head to the input embedding.")
    boolean tied;

    @Option(names = "--dtype", paramLabel = "DTYPE", defaultValue = "bf16", converter = FloatDTypeConverter.class,
            description = "Stored dtype (default: ${DEFAULT-VALUE}).")
    DType dtype;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--like", paramLabel = "BASE", description = "Write BASE plus noise instead of a new model.")
    Path like;

    @Option(names = "--noise", paramLabel = "STD", defaultValue = "0.002", description = "Noise standard deviation with --like (default: ${DEFAULT-VALUE}).")
    float noise;

    @Mixin
    OutputOptions output;

    @Mixin
    ShardOptions shards;

    @Override
    public Integer call() throws Exception {
        if (like != null) {
            if (params != null || layers != null || hidden != null || intermediate != null || heads != null || kvHeads != null || tied) {
                throw new UserInputException("--like copies BASE's shape; drop --params/--layers/--hidden/--intermediate/--heads/--kv-heads/--tied");
            }
            try (ModelFolder base = ModelFolder.open(like); OutputFolder out = output.open(List.of(like))) {
                try (Progress progress = Progress.start("synth", "tensors", base.tensors().size(), base.totalBytes())) {
                    SyntheticCheckpoint.writeExpert(base, noise, seed, shards.shardSize.bytes(), shards.threadCount(), out.dir(), progress);
                }
                out.commit();
                System.out.println(out.target());
            }
            return 0;
        }
        SynthShape shape = shape();
        try (OutputFolder out = output.open(List.of())) {
            long bytes = shape.parameterCount() * dtype.byteSize();
            try (Progress progress = Progress.start("synth", "tensors", shape.tensors(dtype).size(), bytes)) {
                SyntheticCheckpoint.writeBase(shape, dtype, seed, shards.shardSize.bytes(), shards.threadCount(), out.dir(), progress);
            }
            out.commit();
            System.out.println(out.target());
        }
        return 0;
    }

    private SynthShape shape() throws UserInputException {
        long count = params == null ? 10_000_000L : parseCount(params);
        try {
            SynthShape s = SynthShape.forParameterCount(count, vocab, hidden == null ? 0 : hidden, layers == null ? 0 : layers);
            int h = heads == null ? s.heads() : heads;
            return new SynthShape(vocab, s.hidden(), intermediate == null ? s.intermediate() : intermediate, s.layers(), h,
                    kvHeads == null ? h : kvHeads, tied);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("synth: " + e.getMessage());
        }
    }

    static long parseCount(String text) throws UserInputException {
        String t = text.trim().toUpperCase(Locale.ROOT);
        double scale = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        switch (last) {
            case 'K' -> scale = 1e3;
            case 'M' -> scale = 1e6;
            case 'B', 'G' -> scale = 1e9;
            default -> {
            }
        }
        String number = scale == 1 ? t : t.substring(0, t.length() - 1);
        try {
            double value = Double.parseDouble(number) * scale;
            if (!(value >= 1)) {
                throw new NumberFormatException();
            }
            return (long) value;
        } catch (NumberFormatException e) {
            throw new UserInputException("--params: '" + text + "' is not a parameter count (examples: 500M, 0.5B, 7B)");
        }
    }
}
