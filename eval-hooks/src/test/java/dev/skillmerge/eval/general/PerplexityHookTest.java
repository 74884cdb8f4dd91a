package dev.skillmerge.eval.general;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.eval.hook.HeldOutDocument;
import dev.skillmerge.eval.hook.HookData;
import dev.skillmerge.eval.hook.LogLikelihood;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerplexityHookTest {
    @Test
    void lossIsTheTokenWeightedMeanNegativeLogLikelihood() {
        // documents: 2 tokens at ln p = -1 each, and 6 tokens summing to -10
        var m = new PerplexityHook().aggregate(List.of(new LogLikelihood(-2, 2), new LogLikelihood(-10, 6)));
        assertEquals(12.0 / 8, m.values().get("loss"), 1e-12);
        assertEquals(Math.exp(1.5), m.values().get("perplexity"), 1e-12);
        assertEquals(1.5 / Math.log(2), m.values().get("bits_per_token"), 1e-12);
        assertEquals((1.0 + 10.0 / 6) / 2, m.values().get("mean_document_loss"), 1e-12);
        assertEquals(8.0, m.values().get("tokens"));
    }

    @Test
    void readsTextAndChatDocuments(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("held.jsonl");
        Files.writeString(f, """
                {"text": "Once upon a time"}
                {"id": "c1", "messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]}
                """);
        List<HeldOutDocument> docs = new PerplexityHook().load(HookData.of(f));
        assertEquals(new HeldOutDocument.PlainText("0", "Once upon a time"), docs.get(0));
        assertEquals("c1", docs.get(1).id());
    }

    @Test
    void aConversationWithoutAnAssistantTurnIsRejectedWithItsLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("held.jsonl");
        Files.writeString(f, "{\"text\": \"ok\"}\n{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}\n");
        UserInputException e = assertThrows(UserInputException.class, () -> new PerplexityHook().load(HookData.of(f)));
        assertTrue(e.getMessage().startsWith(f + ":2: a conversation needs at least one assistant turn"), e.getMessage());
    }
}
