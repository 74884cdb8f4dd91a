package dev.skillmerge.cli.option;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.OutputFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import picocli.CommandLine.Option;

/** The output folder of a command that writes a model, with the atomic-write and --force rules. */
public final class OutputOptions {
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Output folder; written to a temporary sibling and moved into place when complete.")
    public Path output;

    @Option(names = "--force", description = "Replace OUT if it exists and is not empty.")
    public boolean force;

    public OutputFolder open(Collection<Path> inputs) throws UserInputException, IOException {
        return OutputFolder.create(output, force, inputs);
    }
}
