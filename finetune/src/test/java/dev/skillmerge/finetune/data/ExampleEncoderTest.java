package dev.skillmerge.finetune.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.finetune.testing.Stories;
import dev.skillmerge.runtime.chat.ChatMessage;
import dev.skillmerge.runtime.chat.ChatTemplate;
import dev.skillmerge.runtime.tokenizer.TextTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExampleEncoderTest {
    private static final int BOS = 1;
    private static final int EOS = 2;
    private static final Source SOURCE = new Source(Path.of("data.jsonl"), 4);
    private static TextTokenizer tokenizer;

    @BeforeAll
    static void open() throws Exception {
        tokenizer = TextTokenizer.open(Stories.model());
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static ExampleEncoder encoder(int maxLength, LongExamples policy) {
        return new ExampleEncoder(tokenizer, ChatTemplate.tulu("<s>", "</s>"), OptionalInt.of(EOS), maxLength, policy);
    }

    /** The text of the learned tokens, one string per run of consecutive learned tokens. */
    private static List<String> learnedRuns(Example e) {
        List<String> runs = new ArrayList<>();
        List<Integer> run = new ArrayList<>();
        for (int i = 0; i <= e.tokens().length; i++) {
            if (i < e.tokens().length && e.trained()[i]) {
                run.add(e.tokens()[i]);
            } else if (!run.isEmpty()) {
                runs.add(tokenizer.decode(run.stream().mapToInt(Integer::intValue).toArray()) + (run.getLast() == EOS ? "</s>" : ""));
                run.clear();
            }
        }
        return runs;
    }

    @Test
    void onlyTheAssistantTurnsAndTheirEndOfTurnAreLearned() throws Exception {
        Sample.Conversation c = new Sample.Conversation(List.of(ChatMessage.system("Be kind."), ChatMessage.user("Who is there?"),
                ChatMessage.assistant("A cat."), ChatMessage.user("And now?"), ChatMessage.assistant("A big dog.")), SOURCE);
        Example e = encoder(512, LongExamples.FAIL).encode(c).getFirst();
        String rendered = "<|system|>\nBe kind.\n<|user|>\nWho is there?\n<|assistant|>\nA cat.</s>\n<|user|>\nAnd now?\n<|assistant|>\nA big dog.</s>";
        assertEquals(rendered, ChatTemplate.tulu("<s>", "</s>").render(c.messages(), false));
        assertEquals(BOS, e.tokens()[0]);
        assertEquals(List.of("A cat.</s>", "A big dog.</s>"), learnedRuns(e));
        assertEquals(EOS, e.tokens()[e.tokens().length - 1]);
        assertTrue(e.trained()[e.tokens().length - 1]);
    }

    @Test
    void theTokensAreThoseOfTheWholeRenderedConversation() throws Exception {
        Sample.Conversation c = new Sample.Conversation(List.of(ChatMessage.user("Hi"), ChatMessage.assistant("Hello there.")), SOURCE);
        Example e = encoder(512, LongExamples.FAIL).encode(c).getFirst();
        assertEquals(java.util.Arrays.toString(tokenizer.encode("<|user|>\nHi\n<|assistant|>\nHello there.</s>", true)),
                java.util.Arrays.toString(e.tokens()));
    }

    @Test
    void aConversationLongerThanTheSequenceFailsWithItsLineOrIsSkipped() throws Exception {
        Sample.Conversation c = new Sample.Conversation(List.of(ChatMessage.user("Tell me a long story about a dog"),
                ChatMessage.assistant("Once upon a time there was a dog.")), SOURCE);
        int tokens = tokenizer.encode(ChatTemplate.tulu("<s>", "</s>").render(c.messages(), false), true).length;
        UserInputException e = assertThrows(UserInputException.class, () -> encoder(tokens - 2, LongExamples.FAIL).encode(c));
        assertEquals("data.jsonl:4: " + tokens + " tokens, longer than the " + (tokens - 1) + " that --max-seq-len " + (tokens - 2)
                + " allows; raise it, or pass --skip-long to leave such examples out", e.getMessage());
        assertTrue(encoder(tokens - 2, LongExamples.SKIP).encode(c).isEmpty());
        assertEquals(1, encoder(tokens - 1, LongExamples.FAIL).encode(c).size());
    }

    @Test
    void aLongDocumentIsCutIntoWindowsThatPredictEveryTokenOnce() throws Exception {
        Sample.Document d = new Sample.Document("Once upon a time there was a little girl who liked to play in the park with her dog.", SOURCE);
        int[] all = tokenizer.encode(d.text(), true);
        List<Example> windows = encoder(8, LongExamples.FAIL).encode(d);
        int predicted = 0;
        List<Integer> joined = new ArrayList<>();
        for (Example w : windows) {
            assertTrue(w.length() <= 8);
            assertFalse(w.trained()[0]);
            predicted += w.trainedTokens();
            for (int i = joined.isEmpty() ? 0 : 1; i < w.tokens().length; i++) {
                joined.add(w.tokens()[i]);
            }
        }
        // the text's tokens with EOS appended, each after the first predicted exactly once
        assertEquals(all.length, predicted);
        assertEquals(all.length + 1, joined.size());
        assertEquals(EOS, (int) joined.getLast());
        assertEquals((all.length + 7) / 8, windows.size());
    }
}
