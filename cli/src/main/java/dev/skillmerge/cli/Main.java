package dev.skillmerge.cli;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.safetensors.SafetensorsHeader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;

/** Entry point of the {@code skillmerge} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Thread.ofPlatform().daemon().name("json-readers").start(Main::prepareJsonReaders), args));
    }

    /** Runs one command line and returns its exit code: 0 ok, 1 failure, 2 invalid usage or input. */
    public static int run(String... args) {
        return SkillmergeCommand.commandLineFor(args).execute(args);
    }

    // The command waits for the thread before it runs: the thread alone touches Jackson until then, so two
    // threads never initialise its classes at once (whose static initialisers could then wait on each other).
    static int run(Thread jsonReaders, String... args) {
        CommandLine cli = SkillmergeCommand.commandLineFor(args);
        CommandLine.IExecutionStrategy strategy = cli.getExecutionStrategy();
        cli.setExecutionStrategy(parsed -> {
            try {
                jsonReaders.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return strategy.execute(parsed);
        });
        return cli.execute(args);
    }

    // Jackson's mappers and parser take ~0.1 s to initialise (JDK 25's BigDecimal alone computes 5^65536 when
    // the parser first loads it); on the other core, while picocli builds and parses the command line.
    private static void prepareJsonReaders() {
        byte[] empty = "{}".getBytes(StandardCharsets.US_ASCII);
        try {
            Json.MAPPER.readTree(empty);
            SafetensorsHeader.parse(Path.of("{}"), empty, 0);
        } catch (UserInputException | IOException e) {
            // cannot happen for "{}"; and were it to, each command still reads its JSON itself
        }
    }
}
