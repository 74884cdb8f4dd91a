package dev.skillmerge.cli;

import picocli.CommandLine;

/** Entry point of the {@code skillmerge} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code: 0 ok, 1 failure, 2 invalid usage or input. */
    public static int run(String... args) {
        return SkillmergeCommand.commandLineFor(args).execute(args);
    }
}
