package dev.skillmerge.cli;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.progress.ProgressSettings;
import dev.skillmerge.cli.command.CompletionCommand;
import dev.skillmerge.cli.command.ConvertCommand;
import dev.skillmerge.cli.command.DemoCommand;
import dev.skillmerge.cli.command.DiffCommand;
import dev.skillmerge.cli.command.EvalCommand;
import dev.skillmerge.cli.command.FinetuneCommand;
import dev.skillmerge.cli.command.InitCommand;
import dev.skillmerge.cli.command.InspectCommand;
import dev.skillmerge.cli.command.LoraCommand;
import dev.skillmerge.cli.command.TaskVectorCommand;
import dev.skillmerge.cli.command.CompareCommand;
import dev.skillmerge.cli.command.MergeCommand;
import dev.skillmerge.cli.command.RegressCommand;
import dev.skillmerge.cli.command.SweepCommand;
import dev.skillmerge.cli.command.SynthCommand;
import dev.skillmerge.cli.command.ImportCommand;
import dev.skillmerge.cli.command.GenerateCommand;
import dev.skillmerge.cli.command.ChatCommand;
import dev.skillmerge.cli.command.ServeCommand;
import dev.skillmerge.cli.command.BenchDecodeCommand;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level command; each subcommand is one class in {@code dev.skillmerge.cli.command}. */
@Command(name = "skillmerge",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Add skills to language models by parallel-train-then-merge: inspect, convert and merge "
                + "Hugging Face checkpoints, build task vectors, train experts, evaluate.",
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 invalid usage or input.",
                "Example:", "  skillmerge synth -o /tmp/base --params 10M && skillmerge inspect /tmp/base"})
public final class SkillmergeCommand implements Runnable {
    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Print no progress on stderr.")
    void setQuiet(boolean quiet) {
        ProgressSettings.setQuiet(quiet);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Every command, in the order --help lists them. */
    static final List<Class<?>> COMMANDS = List.of(
            DemoCommand.class,
            InspectCommand.class,
            DiffCommand.class,
            ConvertCommand.class,
            MergeCommand.class,
            CompareCommand.class,
            RegressCommand.class,
            SweepCommand.class,
            TaskVectorCommand.class,
            LoraCommand.class,
            SynthCommand.class,
            ImportCommand.class,
            GenerateCommand.class,
            ChatCommand.class,
            ServeCommand.class,
            FinetuneCommand.class,
            InitCommand.class,
            EvalCommand.class,
            BenchDecodeCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class);

    /** The command line with every command: for help, completion, and tests of the whole surface. */
    public static CommandLine commandLine() {
        return build(COMMANDS, TaskVectorCommand.SUBCOMMANDS);
    }

    private static Object create(Class<?> command) {
        try {
            return CommandLine.defaultFactory().create(command);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create command " + command.getName(), e);
        }
    }

    /**
     * The command line for one invocation. Picocli reflects over every option of every command it is given,
     * which took ~1.5 s of each run once there were twenty commands; when the arguments name a command, only
     * that one is built. Help and completion still see them all.
     */
    public static CommandLine commandLineFor(String... args) {
        List<String> words = java.util.Arrays.stream(args).filter(a -> !a.startsWith("-")).toList();
        if (!words.isEmpty()) {
            for (Class<?> command : COMMANDS) {
                if (nameOf(command).equals(words.get(0)) && command != CommandLine.HelpCommand.class && command != CompletionCommand.class) {
                    List<Class<?>> members = command == TaskVectorCommand.class ? TaskVectorCommand.SUBCOMMANDS : List.of();
                    List<Class<?>> named = members.stream().filter(m -> words.size() > 1 && nameOf(m).equals(words.get(1))).toList();
                    return build(List.of(command), named.isEmpty() ? members : named);
                }
            }
        }
        return build(COMMANDS, TaskVectorCommand.SUBCOMMANDS);
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    /** The command line with {@code commands}, the taskvector command (when among them) holding {@code taskVectorCommands}. */
    private static CommandLine build(List<Class<?>> commands, List<Class<?>> taskVectorCommands) {
        CommandLine cli = new CommandLine(new SkillmergeCommand());
        for (Class<?> command : commands) {
            CommandLine sub = new CommandLine(create(command));
            if (command == TaskVectorCommand.class) {
                taskVectorCommands.forEach(member -> sub.addSubcommand(create(member)));
            }
            cli.addSubcommand(sub);
        }
        CommandSummaries.reflowAll(cli);
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new CommandSummaries());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            var err = commandLine.getErr();
            if (ex instanceof UserInputException) {
                err.println("error: " + ex.getMessage());
                return 2;
            }
            if (ex instanceof IOException) {
                err.println("error: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
                return 1;
            }
            ex.printStackTrace(err);
            return 1;
        });
        return cli;
    }
}
