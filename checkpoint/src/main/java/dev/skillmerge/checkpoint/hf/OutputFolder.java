package dev.skillmerge.checkpoint.hf;

import dev.skillmerge.checkpoint.UserInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * An output folder that appears complete or not at all. Everything is written into a hidden temporary
 * sibling ({@code .NAME.partial-XXXX}); {@link #commit()} flushes it and renames it into place. Closing
 * without committing (an error, Ctrl-C) deletes the temporary folder, so no half-written output is ever
 * left where a user would pick it up. An existing non-empty target is refused unless {@code force}, and
 * a target that is, or holds, one of the inputs is always refused.
 */
public final class OutputFolder implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final boolean force;
    private final Thread cleanupOnExit;
    private boolean committed;

    private OutputFolder(Path target, Path temp, boolean force) {
        this.target = target;
        this.temp = temp;
        this.force = force;
        this.cleanupOnExit = new Thread(() -> deleteQuietly(temp), "skillmerge-cleanup");
    }

    public static OutputFolder create(Path target, boolean force, Collection<Path> inputs) throws UserInputException, IOException {
        Path absolute = target.toAbsolutePath().normalize();
        for (Path input : inputs) {
            Path in = input.toAbsolutePath().normalize();
            if (in.startsWith(absolute)) {
                throw UserInputException.about(target, "is (or holds) the input " + input + "; choose another output folder");
            }
        }
        if (Files.exists(absolute)) {
            if (!Files.isDirectory(absolute)) {
                throw UserInputException.about(target, "exists and is not a folder");
            }
            if (!force && !isEmpty(absolute)) {
                throw UserInputException.about(target, "exists and is not empty; pass --force to replace it");
            }
        }
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFL);
        Path temp = parent.resolve("." + absolute.getFileName() + ".partial-" + suffix);
        Files.createDirectory(temp);
        OutputFolder out = new OutputFolder(absolute, temp, force);
        Runtime.getRuntime().addShutdownHook(out.cleanupOnExit);
        return out;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** The folder to write into (temporary until {@link #commit()}). */
    public Path dir() {
        return temp;
    }

    /** Where the output will be once committed. */
    public Path target() {
        return target;
    }

    /** Flushes every file, then moves the folder into place, replacing an old target when forced. */
    public void commit() throws IOException {
        try (Stream<Path> files = Files.walk(temp)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    c.force(true);
                }
            }
        }
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".replaced-" + Long.toHexString(System.nanoTime()));
            if (!force && !isEmpty(target)) {
                throw new IllegalStateException(target + " became non-empty while writing");
            }
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | DirectoryNotEmptyException e) {
            if (old != null) {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        committed = true;
        if (old != null) {
            deleteQuietly(old);
        }
        removeHook();
    }

    @Override
    public void close() {
        if (!committed) {
            deleteQuietly(temp);
            removeHook();
        }
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running or has run; nothing to remove
        }
    }

    static void deleteQuietly(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("warning: could not delete " + root + ": " + e.getMessage());
        }
    }
}
