package dev.skillmerge.runtime.testing;

import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.runtime.llama2c.Llama2cImport;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real stories260K llama2.c model (see its PROVENANCE.md): the copy shipped in the repository's
 * examples/models/stories260K, else ../shared/assets; and its Hugging Face import.
 */
public final class Stories260K {
    public static final Path ASSETS = locate();
    public static final Path LEGACY = ASSETS.resolve("stories260K.bin");
    public static final Path V1 = ASSETS.resolve("stories260K_v1.bin");
    public static final Path TOKENIZER = ASSETS.resolve("tok512.bin");
    private static Path imported;

    private Stories260K() {
    }

    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path shipped = dir.resolve("examples").resolve("models").resolve("stories260K");
            if (Files.isRegularFile(shipped.resolve("stories260K_v1.bin"))) {
                return shipped;
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("assets").resolve("stories260K");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            Path sibling = dir.resolveSibling("shared").resolve("assets").resolve("stories260K");
            if (Files.isDirectory(sibling)) {
                return sibling;
            }
        }
        throw new IllegalStateException("examples/models/stories260K (or shared/assets/stories260K) not found above " + Path.of("").toAbsolutePath());
    }

    /** The legacy file imported once per test JVM into target/. */
    public static synchronized Path imported() throws Exception {
        if (imported == null) {
            Path out = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "stories260K-hf");
            Llama2cImport.run(LEGACY, TOKENIZER, out, Progress.silent(0, 0));
            imported = out;
        }
        return imported;
    }
}
