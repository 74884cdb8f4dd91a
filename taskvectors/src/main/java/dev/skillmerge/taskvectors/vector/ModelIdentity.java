package dev.skillmerge.taskvectors.vector;

import dev.skillmerge.checkpoint.hf.ModelFolder;
import java.io.IOException;

/**
 * Which exact weights a task vector relates to: the folder as it was given and its fingerprint
 * (sha256 of the weight files' names and headers, {@link ModelFolder#fingerprint()}).
 */
public record ModelIdentity(String path, String fingerprint) {
    public static ModelIdentity of(ModelFolder model) throws IOException {
        return new ModelIdentity(model.root().toAbsolutePath().normalize().toString(), model.fingerprint());
    }

    /** The first 12 hex digits, enough to tell models apart in a message. */
    public String shortFingerprint() {
        return fingerprint.substring(0, Math.min(12, fingerprint.length()));
    }
}
