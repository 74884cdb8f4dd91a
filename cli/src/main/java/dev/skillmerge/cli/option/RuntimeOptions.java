package dev.skillmerge.cli.option;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.runtime.engine.DeviceChoice;
import dev.skillmerge.runtime.generate.EmbeddedGenerator;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where and how a model runs in this process. */
public final class RuntimeOptions {
    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
            description = "auto (a GPU when PyTorch sees one), cpu or gpu (default: ${DEFAULT-VALUE}).")
    public String device;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "0",
            description = "PyTorch threads on CPU (default: one per core).")
    public int threads;

    public EmbeddedGenerator open(Path model) throws UserInputException, IOException {
        return open(model, EmbeddedGenerator.DEFAULT_BATCH_SIZE);
    }

    /** The model, decoding up to {@code batchSize} sequences together when given a list of prompts. */
    public EmbeddedGenerator open(Path model, int batchSize) throws UserInputException, IOException {
        DeviceChoice choice = switch (device) {
            case "auto" -> DeviceChoice.AUTO;
            case "cpu" -> DeviceChoice.CPU;
            case "gpu" -> DeviceChoice.GPU;
            default -> throw new UserInputException("--device must be auto, cpu or gpu, not '" + device + "'");
        };
        return EmbeddedGenerator.open(model, choice, threads, batchSize);
    }
}
