package dev.skillmerge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    private static int runQuietly(Thread jsonReaders, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            return Main.run(jsonReaders, args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static Thread sleeping(long millis) {
        return Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void aCommandRunsOnlyOnceTheJsonReadersThreadHasFinished() {
        // longer than building the command line takes, so that without the wait the thread would still run
        Thread jsonReaders = sleeping(1500);
        assertEquals(0, runQuietly(jsonReaders, "--version"));
        assertFalse(jsonReaders.isAlive());
    }

    @Test
    void exitCodesAreThoseOfTheCommandLine() {
        assertEquals(0, runQuietly(sleeping(0), "inspect", "--help"));
        assertEquals(2, runQuietly(sleeping(0), "--no-such-option"));
        assertEquals(2, runQuietly(sleeping(0), "inspect", "/no/such/model"));
    }
}
