package dev.skillmerge.workflow.demo.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageCacheTest {
    @TempDir
    Path dir;

    @Test
    void aFinishedProductIsMadeOnceAndReusedAfter() throws Exception {
        StageCache cache = new StageCache(dir);
        AtomicInteger made = new AtomicInteger();
        StageCache.Maker maker = out -> {
            made.incrementAndGet();
            Files.writeString(out.resolve("x.txt"), "done");
        };
        assertTrue(cache.ensure("models", "general", "k1", maker));
        assertFalse(cache.ensure("models", "general", "k1", maker));
        assertEquals(1, made.get());
        assertEquals("done", Files.readString(dir.resolve("models/general-k1/x.txt")));
        assertTrue(cache.ensure("models", "general", "k2", maker), "another key is another product");
        assertEquals(2, made.get());
    }

    @Test
    void aFailedMakerLeavesNothingThatLooksFinished() throws Exception {
        StageCache cache = new StageCache(dir);
        assertThrows(IllegalStateException.class, () -> cache.ensure("evals", "g", "k", out -> {
            Files.writeString(out.resolve("half.txt"), "half");
            throw new IllegalStateException("killed");
        }));
        assertFalse(cache.has("evals", "g", "k"));
        assertTrue(cache.ensure("evals", "g", "k", out -> Files.writeString(out.resolve("whole.txt"), "whole")));
        assertEquals(false, Files.exists(dir.resolve("evals/g-k/half.txt")), "the half-made folder was discarded");
        assertTrue(Files.exists(dir.resolve("evals/g-k/whole.txt")));
    }
}
