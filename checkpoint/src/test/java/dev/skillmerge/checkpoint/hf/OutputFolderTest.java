package dev.skillmerge.checkpoint.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.checkpoint.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFolderTest {
    @TempDir
    Path dir;

    @Test
    void outputAppearsOnlyOnCommit() throws Exception {
        Path target = dir.resolve("out");
        try (OutputFolder out = OutputFolder.create(target, false, List.of())) {
            Files.writeString(out.dir().resolve("f.txt"), "x");
            assertFalse(Files.exists(target));
            out.commit();
        }
        assertEquals("x", Files.readString(target.resolve("f.txt")));
        assertEquals(List.of("out"), names(dir));
    }

    @Test
    void closingWithoutCommitLeavesNothingBehind() throws Exception {
        try (OutputFolder out = OutputFolder.create(dir.resolve("out"), false, List.of())) {
            Files.writeString(out.dir().resolve("f.txt"), "x");
        }
        assertEquals(List.of(), names(dir));
    }

    @Test
    void aNonEmptyTargetIsRefusedUnlessForcedAndThenReplacedWhole() throws Exception {
        Path target = dir.resolve("out");
        Files.createDirectory(target);
        Files.writeString(target.resolve("old.txt"), "old");
        UserInputException e = assertThrows(UserInputException.class, () -> OutputFolder.create(target, false, List.of()));
        assertEquals(target + ": exists and is not empty; pass --force to replace it", e.getMessage());
        try (OutputFolder out = OutputFolder.create(target, true, List.of())) {
            Files.writeString(out.dir().resolve("new.txt"), "new");
            out.commit();
        }
        assertEquals(List.of("new.txt"), names(target));
        assertEquals(List.of("out"), names(dir));
    }

    @Test
    void anEmptyExistingTargetIsFine() throws Exception {
        Path target = dir.resolve("out");
        Files.createDirectory(target);
        try (OutputFolder out = OutputFolder.create(target, false, List.of())) {
            out.commit();
        }
        assertTrue(Files.isDirectory(target));
    }

    @Test
    void anOutputThatWouldReplaceAnInputIsRefusedEvenWithForce() throws Exception {
        Path model = dir.resolve("model");
        Files.createDirectory(model);
        Files.writeString(model.resolve("model.safetensors"), "x");
        UserInputException e = assertThrows(UserInputException.class, () -> OutputFolder.create(model, true, List.of(model)));
        assertTrue(e.getMessage().endsWith("is (or holds) the input " + model + "; choose another output folder"));
        assertThrows(UserInputException.class, () -> OutputFolder.create(dir, true, List.of(model.resolve("model.safetensors"))));
    }

    private static List<String> names(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
