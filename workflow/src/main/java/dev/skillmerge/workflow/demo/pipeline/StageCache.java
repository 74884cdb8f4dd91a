package dev.skillmerge.workflow.demo.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The demo's work folder: one folder per finished product, {@code KIND/NAME-KEY}, which appears only when
 * the product is complete (it is made in a {@code .partial} sibling and renamed), so a killed run leaves no
 * half-made product that a rerun could mistake for a finished one.
 */
public final class StageCache {
    /** Makes a product into the folder it is given. */
    @FunctionalInterface
    public interface Maker {
        void make(Path dir) throws Exception;
    }

    private final Path root;

    public StageCache(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path path(String kind, String name, String key) {
        return root.resolve(kind).resolve(name + "-" + key);
    }

    public boolean has(String kind, String name, String key) {
        return Files.isDirectory(path(kind, name, key));
    }

    /**
     * The product's folder, made first by {@code maker} when it is not there yet.
     *
     * @return whether it was made now (false: reused)
     */
    public boolean ensure(String kind, String name, String key, Maker maker) throws Exception {
        Path target = path(kind, name, key);
        if (Files.isDirectory(target)) {
            return false;
        }
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
        deleteTree(partial);
        Files.createDirectories(partial);
        maker.make(partial);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
