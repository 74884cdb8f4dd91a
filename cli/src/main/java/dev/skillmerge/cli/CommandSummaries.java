package dev.skillmerge.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;

/**
 * The "Commands:" list of --help: each command with the first sentence of its description. Picocli lists
 * the first line of a description, and ours are wrapped by hand, so the list showed half sentences.
 */
final class CommandSummaries implements CommandLine.IHelpSectionRenderer {
    @Override
    public String render(Help help) {
        Map<String, Help> commands = help.subcommands();
        if (commands.isEmpty()) {
            return "";
        }
        int nameWidth = commands.keySet().stream().mapToInt(String::length).max().orElse(0) + 4;
        int width = help.commandSpec().usageMessage().width();
        TextTable table = TextTable.forColumns(help.colorScheme(), new Column(nameWidth, 2, Column.Overflow.SPAN),
                new Column(width - nameWidth, 1, Column.Overflow.WRAP));
        commands.forEach((name, sub) -> table.addRowValues(name, firstSentence(String.join(" ", sub.commandSpec().usageMessage().description()))));
        return table.toString();
    }

    /**
     * Up to the first full stop that ends a sentence, or a colon after a clause of four words or more (a
     * short label such as "CI gate:" is kept with what follows).
     */
    static String firstSentence(String text) {
        String oneLine = text.replace("%n", " ").replaceAll("\\s+", " ").strip();
        for (int i = 0; i < oneLine.length(); i++) {
            char c = oneLine.charAt(i);
            boolean ends = i + 1 == oneLine.length() || oneLine.charAt(i + 1) == ' ';
            if (c == '.' && ends) {
                return oneLine.substring(0, i + 1);
            }
            if (c == ':' && ends && oneLine.substring(0, i).split(" ").length >= 4) {
                return oneLine.substring(0, i) + ".";
            }
        }
        return oneLine;
    }

    /**
     * A description as paragraphs for picocli to wrap at the terminal's width: our sources break lines by
     * hand at ~110 columns, which picocli would print as such and wrap again. An empty or indented line
     * starts a new paragraph.
     */
    static String[] reflow(String[] lines) {
        List<String> paragraphs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            boolean breaks = line.isBlank() || Character.isWhitespace(line.charAt(0));
            if (breaks || current.isEmpty()) {
                if (!current.isEmpty()) {
                    paragraphs.add(current.toString());
                }
                current = new StringBuilder(line);
                if (breaks) {
                    paragraphs.add(current.toString());
                    current = new StringBuilder();
                }
            } else {
                current.append(' ').append(line.strip());
            }
        }
        if (!current.isEmpty()) {
            paragraphs.add(current.toString());
        }
        return paragraphs.toArray(String[]::new);
    }

    /** Reflows the descriptions of a command and all its subcommands. */
    static void reflowAll(CommandLine cli) {
        var usage = cli.getCommandSpec().usageMessage();
        usage.description(reflow(usage.description()));
        cli.getSubcommands().values().forEach(CommandSummaries::reflowAll);
    }
}
