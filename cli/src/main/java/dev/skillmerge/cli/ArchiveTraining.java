package dev.skillmerge.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The workload the {@code skillmerge} launcher runs once after each build, in a JVM that records the
 * class-data archive at exit ({@code -XX:ArchiveClassesAtExit}): the everyday commands on a tiny synthetic
 * model, so that later runs find their classes archived instead of loading and verifying them from the
 * jars. Before, the archive was recorded by whatever command ran first after a build (often
 * {@code --version}) and held a fifth of the classes a merge needs: a 0.5B linear merge took 3.3-3.6 s with
 * it and 3.0-3.1 s with an archive recorded from a merge (docs/design.md, "Build and command line").
 */
public final class ArchiveTraining {
    private static final List<String> METHODS = List.of("linear", "task_arithmetic", "ties", "dare_ties", "breadcrumbs", "slerp", "model_stock");

    private ArchiveTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("skillmerge-archive-");
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            String base = dir.resolve("base").toString();
            run("synth", "-q", "-o", base, "--params", "2M", "--seed", "0");
            for (int i = 1; i <= 3; i++) {
                run("synth", "-q", "-o", dir.resolve("e" + i).toString(), "--like", base, "--noise", "0.002", "--seed", Integer.toString(i));
            }
            run("inspect", base);
            run("diff", "-q", base, dir.resolve("e1").toString());
            run("convert", "-q", base, "-o", dir.resolve("f16").toString(), "--dtype", "f16");
            for (String method : METHODS) {
                Path config = dir.resolve(method + ".yml");
                Files.writeString(config, config(method, dir));
                run("merge", "-q", config.toString(), "-o", dir.resolve("out-" + method).toString());
            }
            for (int i = 1; i <= 2; i++) {
                run("taskvector", "extract", "-q", "--base", base, "--tuned", dir.resolve("e" + i).toString(), "-o", dir.resolve("tv" + i).toString());
            }
            run("taskvector", "apply", "-q", "--onto", base, dir.resolve("tv1") + ":0.5", dir.resolve("tv2") + ":0.5",
                    "-o", dir.resolve("applied").toString());
            run("taskvector", "stats", "-q", dir.resolve("tv1").toString(), dir.resolve("tv2").toString());
        } finally {
            System.setOut(out);
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void run(String... args) {
        int code = Main.run(args);
        if (code != 0) {
            throw new IllegalStateException("skillmerge " + String.join(" ", args) + " exited with " + code);
        }
    }

    private static String config(String method, Path dir) {
        StringBuilder yaml = new StringBuilder("merge_method: " + method + "\n");
        boolean baseless = method.equals("linear");
        if (!baseless) {
            yaml.append("base_model: ").append(dir.resolve("base")).append('\n');
        }
        if (method.equals("slerp")) {
            yaml.append("parameters: {t: 0.5}\nmodels:\n  - model: ").append(dir.resolve("e1")).append('\n');
            return yaml.toString();
        }
        yaml.append("models:\n");
        for (int i = 1; i <= 3; i++) {
            String parameters = switch (method) {
                case "linear" -> "{weight: 1}";
                case "model_stock" -> "{}";
                case "breadcrumbs" -> "{weight: 0.5, density: 0.9, gamma: 0.01}";
                case "ties", "dare_ties" -> "{weight: 0.5, density: 0.5}";
                default -> "{weight: 0.5}";
            };
            yaml.append("  - {model: ").append(dir.resolve("e" + i)).append(", parameters: ").append(parameters).append("}\n");
        }
        return yaml.toString();
    }
}
