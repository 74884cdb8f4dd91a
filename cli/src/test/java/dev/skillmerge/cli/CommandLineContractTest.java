package dev.skillmerge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class CommandLineContractTest {
    static List<String> commands() {
        return List.copyOf(SkillmergeCommand.commandLine().getSubcommands().keySet().stream().filter(c -> !c.equals("help")).toList());
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandHasHelpWithAnExample(String command) {
        CliRun run = CliRun.of(command, "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Usage: skillmerge " + command), run.out());
        assertTrue(run.out().contains("Example"), run.out());
    }

    @Test
    void topLevelHelpListsTheCommands() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode());
        for (String c : commands()) {
            assertTrue(run.out().contains(c), c);
        }
    }

    @Test
    void anUnknownOptionIsInvalidUsageWithExitCode2() {
        CliRun run = CliRun.of("inspect", "--no-such-option", "x");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Unknown option: '--no-such-option'"), run.err());
    }

    @Test
    void noCommandIsInvalidUsage() {
        assertEquals(2, CliRun.of().exitCode());
    }

    @Test
    void aBadDtypeIsInvalidUsageNamingTheValidOnes() {
        CliRun run = CliRun.of("convert", "in", "-o", "out", "--dtype", "int4");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("'int4' is not a floating-point dtype (valid: float64, float32, float16, bfloat16, float8_e4m3fn, float8_e5m2)"), run.err());
    }

    @Test
    void completionScriptIsGenerated() {
        CliRun run = CliRun.of("completion");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("complete -F _complete_skillmerge"), run.out().substring(0, Math.min(200, run.out().length())));
    }

    @Test
    void versionIsPrinted() {
        CliRun run = CliRun.of("--version");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("skillmerge "));
        assertTrue(new CommandLine(new SkillmergeCommand()).getCommandName().equals("skillmerge"));
    }
}
