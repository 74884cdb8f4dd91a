package dev.skillmerge.cli.command;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** Prints a bash/zsh completion script: {@code source <(skillmerge completion)}. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a bash/zsh completion script for skillmerge.",
        footer = {"", "Example:", "  source <(./skillmerge completion)      # or save it under /etc/bash_completion.d/"})
public final class CompletionCommand extends AutoComplete.GenerateCompletion {
}
