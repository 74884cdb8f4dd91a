package dev.skillmerge.finetune.testing;

import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.runtime.llama2c.Llama2cImport;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The stories260K model shipped in examples/models (llama2.c format, MIT), imported once per test JVM into
 * target/: a real Llama-architecture model with a real 512-token SentencePiece-style tokenizer.
 */
public final class Stories {
    private static Path imported;

    private Stories() {
    }

    public static Path shipped() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("examples").resolve("models").resolve("stories260K");
            if (Files.isRegularFile(candidate.resolve("stories260K.bin"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("examples/models/stories260K not found above " + Path.of("").toAbsolutePath());
    }

    /** The Hugging Face import (config.json, model.safetensors, tokenizer.json, ...). */
    public static synchronized Path model() throws Exception {
        if (imported == null) {
            Path out = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "stories260K-hf");
            Llama2cImport.run(shipped().resolve("stories260K.bin"), shipped().resolve("tok512.bin"), out, Progress.silent(0, 0));
            imported = out;
        }
        return imported;
    }
}
