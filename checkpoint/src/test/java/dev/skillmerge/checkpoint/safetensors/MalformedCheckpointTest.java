package dev.skillmerge.checkpoint.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.testing.MalformedCorpus;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MalformedCheckpointTest {
    static List<MalformedCorpus.Case> corpus() {
        return MalformedCorpus.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachDefectIsRejectedWithItsOwnOneLineMessageNamingTheFile(MalformedCorpus.Case c, @TempDir Path dir) throws Exception {
        Path input = c.builder().build(dir);
        UserInputException e = assertThrows(UserInputException.class, () -> ModelFolder.open(input).close());
        String message = e.getMessage();
        assertTrue(message.contains(c.expectedMessage()), "message was: " + message);
        assertFalse(message.contains("\n"), "one line: " + message);
        assertTrue(message.startsWith(dir.toString()), "names the file: " + message);
    }

    @Test
    void theCorpusHasAtLeastTwentyDistinctDefects() {
        Set<String> messages = new HashSet<>();
        corpus().forEach(c -> messages.add(c.expectedMessage()));
        assertTrue(messages.size() >= 20);
        assertEquals(corpus().size(), messages.size());
    }
}
