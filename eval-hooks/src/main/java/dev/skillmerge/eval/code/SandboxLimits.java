package dev.skillmerge.eval.code;

import java.time.Duration;

/**
 * Limits of one sandboxed run: wall-clock {@code timeout} for the whole process (startup included), address
 * space, largest file written, and processes (and threads) the code may add.
 */
public record SandboxLimits(Duration timeout, long memoryBytes, long fileBytes, int processes) {
    public static final long MIB = 1L << 20;

    /** HumanEval's harness allows 3 s per problem; we add startup slack for the interpreter and the namespaces. */
    public static SandboxLimits humanEval() {
        return new SandboxLimits(Duration.ofSeconds(10), 2048 * MIB, 64 * MIB, 16);
    }

    public SandboxLimits withTimeout(Duration t) {
        return new SandboxLimits(t, memoryBytes, fileBytes, processes);
    }
}
