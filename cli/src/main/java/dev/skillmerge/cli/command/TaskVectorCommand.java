package dev.skillmerge.cli.command;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "taskvector", mixinStandardHelpOptions = true,
        description = {"Task vectors: tau = theta_expert - theta_pretrained, the paper's unit of",
                "skill. Extract them, add them to a general model with weights, analyse how",
                "they interfere, combine and sparsify them, and compress them into LoRA",
                "adapters."},
        footer = {"", "Example (the paper's PTM with one skill):",
                "  skillmerge taskvector extract --base ./pre --tuned ./expert-code -o ./tv-code",
                "  skillmerge taskvector apply --onto ./general ./tv-code:0.57 -o ./general+code"})
public final class TaskVectorCommand implements Runnable {
    /**
     * The subcommands, added by {@code SkillmergeCommand} rather than listed in the annotation: picocli
     * reflects over every listed subcommand on each start (~0.2 s for these nine), so a run that names one
     * builds only that one.
     */
    public static final List<Class<?>> SUBCOMMANDS = List.of(
            TaskVectorExtractCommand.class,
            TaskVectorApplyCommand.class,
            TaskVectorStatsCommand.class,
            TaskVectorNegateCommand.class,
            TaskVectorScaleCommand.class,
            TaskVectorAddCommand.class,
            TaskVectorSubCommand.class,
            TaskVectorSparsifyCommand.class,
            TaskVectorCompressCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a taskvector subcommand is required");
    }
}
