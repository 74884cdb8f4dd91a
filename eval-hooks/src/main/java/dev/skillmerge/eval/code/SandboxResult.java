package dev.skillmerge.eval.code;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What a sandboxed run came to: {@code passed}, a one-line {@code reason}, the harness's result object when it
 * wrote one, and the job folder's {@code expected.pkl} bytes when the run computed reference outputs.
 */
public record SandboxResult(boolean passed, String reason, Optional<JsonNode> result, Optional<byte[]> expected) {
    public static SandboxResult failed(String reason) {
        return new SandboxResult(false, reason, Optional.empty(), Optional.empty());
    }
}
