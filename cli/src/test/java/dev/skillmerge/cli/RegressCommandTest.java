package dev.skillmerge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegressCommandTest {
    @TempDir
    Path dir;

    private Path summary(String name, double accuracy) throws Exception {
        Path p = dir.resolve(name + ".json");
        Files.writeString(p, """
                {"schema": "skillmerge.eval.summary/1", "hooks": {
                  "gsm8k": {"status": "ok", "primary": "accuracy", "value": %s, "metrics": {"accuracy": %s}}}}
                """.formatted(accuracy, accuracy));
        return p;
    }

    @Test
    void exitsZeroWithinToleranceAndOneBeyondItWritingJunitAndMarkdown() throws Exception {
        Path base = summary("base", 0.50);
        Path ok = summary("ok", 0.495);
        Path bad = summary("bad", 0.40);
        assertEquals(0, CliRun.of("regress", "--baseline", base.toString(), "--candidate", ok.toString(), "--max-drop", "*=0.01").exitCode());
        Path junit = dir.resolve("r.xml");
        Path md = dir.resolve("r.md");
        CliRun run = CliRun.of("regress", "--baseline", base.toString(), "--candidate", bad.toString(), "--max-drop", "gsm8k=0.01",
                "--junit", junit.toString(), "--markdown", md.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.out().startsWith("## skillmerge regress: 1 regression"), run.out());
        assertTrue(Files.readString(junit).contains("failures=\"1\""));
        assertEquals(run.out(), Files.readString(md));
    }

    @Test
    void invalidInputExitsTwo() throws Exception {
        Path base = summary("base", 0.5);
        CliRun run = CliRun.of("regress", "--baseline", base.toString(), "--candidate", dir.resolve("missing.json").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("missing.json: no such file"), run.err());
        assertEquals(2, CliRun.of("regress", "--baseline", base.toString(), "--candidate", base.toString(), "--max-drop", "oops").exitCode());
    }
}
