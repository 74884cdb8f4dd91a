package dev.skillmerge.cli.command;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "lora", mixinStandardHelpOptions = true,
        description = {"LoRA adapters (PEFT format). Merge configs also take 'model+adapter' inputs,",
                "merged as they are read."},
        subcommands = {LoraMergeCommand.class},
        footer = {"", "Example:", "  skillmerge lora merge --base ./pre --adapter ./lora-code -o ./expert-code"})
public final class LoraCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a lora subcommand is required");
    }
}
