package dev.skillmerge.workflow.demo.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysTest {
    @TempDir
    Path dir;

    @Test
    void aKeyIsTheSha256OfThePartsEachEndedByANul() {
        // python: hashlib.sha256(b"a\0b\0").hexdigest()[:16]
        assertEquals("8fb20ef63ced4145", Keys.of("a", "b"));
        assertEquals("6e340b9cffb37a98", Keys.of(""));
        assertNotEquals(Keys.of("ab"), Keys.of("a", "b"));
    }

    @Test
    void aFolderKeyChangesWithAnyByteOrName() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{}");
        Files.write(dir.resolve("model.safetensors"), new byte[] {1, 2, 3});
        String key = Keys.ofFolder(dir);
        assertEquals(key, Keys.ofFolder(dir));
        Files.write(dir.resolve("model.safetensors"), new byte[] {1, 2, 4});
        String changed = Keys.ofFolder(dir);
        assertNotEquals(key, changed);
        Files.move(dir.resolve("config.json"), dir.resolve("config2.json"));
        assertNotEquals(changed, Keys.ofFolder(dir));
    }
}
