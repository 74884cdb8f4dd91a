package dev.skillmerge.eval.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SandboxContainmentTest {
    private static final SandboxLimits SHORT = SandboxLimits.humanEval().withTimeout(Duration.ofSeconds(6));

    private static SandboxResult run(String program) throws Exception {
        return PythonSandbox.shared().runProgram(program, 1.0, SHORT);
    }

    /** Starts a shell through _posixsubprocess, which the audit hook does not see: only the OS layers stop it. */
    private static String spawnShell(String script) {
        return """
                import _posixsubprocess, os
                r, w = os.pipe()
                argv = [b"/bin/sh", b"-c", %s]
                args = (argv, [b"/bin/sh"], False, (), None, None, -1, -1, -1, -1, -1, -1, r, w, True, False, -1, None, None, None, -1, None)
                try:
                    _posixsubprocess.fork_exec(*args)
                except TypeError:
                    _posixsubprocess.fork_exec(*(args + (False,)))
                """.formatted(pythonBytes(script));
    }

    private static String pythonBytes(String s) {
        return "b'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static long processesMentioning(String marker) throws IOException {
        long count = 0;
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path p : dirs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (new String(Files.readAllBytes(p.resolve("cmdline"))).contains(marker)) {
                        count++;
                    }
                } catch (IOException e) {
                    // the process ended while we looked
                }
            }
        }
        return count;
    }

    @Test
    void aPassingProgramPasses() throws Exception {
        SandboxResult r = run("assert sum(range(10)) == 45\n");
        assertTrue(r.passed(), r.reason());
        assertEquals("all tests passed", r.reason());
    }

    @Test
    void aFailingAssertionFailsWithItsName() throws Exception {
        SandboxResult r = run("assert 1 == 2, 'one is not two'\n");
        assertFalse(r.passed());
        assertEquals("AssertionError: one is not two", r.reason());
    }

    @Test
    void anInfiniteLoopStopsAtTheCpuTimeLimit() throws Exception {
        SandboxResult r = run("while True:\n    pass\n");
        assertFalse(r.passed());
        assertEquals("TimeLimit: time limit exceeded", r.reason());
    }

    @Test
    void aProgramThatWaitsWithoutComputingIsStoppedByTheWallClock() throws Exception {
        SandboxResult r = run("import time\ntime.sleep(60)\n");
        assertFalse(r.passed());
        assertEquals("timed out after 6 s", r.reason());
    }

    @Test
    void aLoopThatSwallowsTheAlarmIsKilledFromOutside() throws Exception {
        SandboxResult r = run("while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass\n");
        assertFalse(r.passed());
        assertEquals("timed out after 6 s", r.reason());
    }

    @Test
    void aPythonForkBombIsRefused() throws Exception {
        SandboxResult r = run("import os\nwhile True:\n    os.fork()\n");
        assertFalse(r.passed());
        assertEquals("SandboxViolation: os.fork is not allowed in the sandbox", r.reason());
    }

    @Test
    void aShellForkBombBehindTheAuditHookIsContainedAndKilled() throws Exception {
        String marker = "skillmerge-bomb-" + UUID.randomUUID();
        SandboxResult r = run(spawnShell(": " + marker + "; bomb() { bomb | bomb & }; bomb") + "import time\ntime.sleep(60)\n");
        assertFalse(r.passed());
        Thread.sleep(500);
        assertEquals(0, processesMentioning(marker), "fork bomb processes survived the sandbox");
    }

    @Test
    void theShellBehindTheAuditHookReallyStarts() throws Exception {
        // Without this, the two tests that use spawnShell could pass because the shell never ran.
        SandboxResult r = run(spawnShell("echo started > spawned.txt")
                + "import time, os\nfor _ in range(100):\n    if os.path.exists('spawned.txt'): break\n    time.sleep(0.02)\n"
                + "assert open('spawned.txt').read() == 'started\\n'\n");
        assertTrue(r.passed(), r.reason());
    }

    @Test
    void aWriteOutsideTheJobFolderIsRefused() throws Exception {
        Path target = Path.of("/tmp", "skillmerge-escape-" + UUID.randomUUID());
        SandboxResult r = run("open(" + pythonString(target.toString()) + ", 'w').write('x')\n");
        assertFalse(r.passed());
        assertEquals("SandboxViolation: write outside the sandbox: '" + target + "'", r.reason());
        assertFalse(Files.exists(target));
    }

    @Test
    void aShellWriteBehindTheAuditHookCannotLeaveTheJobFolder() throws Exception {
        assumeTrue(PythonSandbox.shared().isolation() == Isolation.NAMESPACES, "only namespaces make the file system read-only");
        Path target = Path.of("/tmp", "skillmerge-escape-" + UUID.randomUUID());
        run(spawnShell("echo x > " + target) + "import time\ntime.sleep(1)\n");
        assertFalse(Files.exists(target));
    }

    @Test
    void writingInsideTheJobFolderWorks() throws Exception {
        SandboxResult r = run("open('scratch.txt', 'w').write('x')\nassert open('scratch.txt').read() == 'x'\n");
        assertTrue(r.passed(), r.reason());
    }

    @Test
    void theNetworkIsOffLimits() throws Exception {
        SandboxResult r = run("import socket\nsocket.socket(socket.AF_INET, socket.SOCK_STREAM)\n");
        assertFalse(r.passed());
        assertEquals("SandboxViolation: socket.__new__ is not allowed in the sandbox", r.reason());
    }

    @Test
    void memoryIsCapped() throws Exception {
        SandboxResult r = run("x = bytearray(8 * 1024 ** 3)\n");
        assertFalse(r.passed());
        assertEquals("MemoryError: ", r.reason());
    }

    @Test
    void exitingTheInterpreterIsAFailure() throws Exception {
        SandboxResult r = run("import os\nos._exit(0)\n");
        assertFalse(r.passed());
        assertTrue(r.reason().startsWith("the program ended the interpreter (exit code 0)"), r.reason());
    }

    private static String pythonString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
