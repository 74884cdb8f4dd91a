package dev.skillmerge.eval.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.eval.hook.ChatMessage;
import dev.skillmerge.eval.hook.Prompt;
import dev.skillmerge.eval.hook.SamplingOptions;
import dev.skillmerge.runtime.generate.Completion;
import dev.skillmerge.runtime.generate.GenerationRequest;
import dev.skillmerge.runtime.generate.TextGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RuntimeGeneratorTest {
    /** Answers every request with "seed S" (or a fixed text) and remembers what it was asked. */
    private static final class Recording implements TextGenerator {
        final List<GenerationRequest> requests = new ArrayList<>();
        final OptionalInt context;
        final String answer;

        Recording(OptionalInt context, String answer) {
            this.context = context;
            this.answer = answer;
        }

        @Override
        public String modelName() {
            return "m";
        }

        @Override
        public OptionalInt contextLength() {
            return context;
        }

        @Override
        public Completion generate(GenerationRequest request, Consumer<String> onText) {
            requests.add(request);
            return new Completion(answer != null ? answer : "seed " + request.sampling().seed(), Completion.FinishReason.STOP, 1, 1);
        }

        @Override
        public void close() {
        }
    }

    private static final Prompt GSM8K_LIKE = new Prompt.Text("Q: 2 + 2?\nA:", List.of("\nQ:"), 256);
    private static final Prompt CHAT = new Prompt.Chat(List.of(new ChatMessage("system", "Be brief."), ChatMessage.user("Hi")), List.of(), 16);

    @Test
    void greedyDecodingGeneratesEachPromptOnceAndRepeatsItForEverySample() throws Exception {
        Recording backend = new Recording(OptionalInt.empty(), "4");
        List<List<String>> out = new RuntimeGenerator(backend, "fake").complete(List.of(GSM8K_LIKE, CHAT), new SamplingOptions(3, 0, 1, 0));
        assertEquals(List.of(List.of("4", "4", "4"), List.of("4", "4", "4")), out);
        assertEquals(2, backend.requests.size());
        assertEquals(new dev.skillmerge.runtime.generate.Prompt.Chat(List.of(dev.skillmerge.runtime.chat.ChatMessage.system("Be brief."),
                dev.skillmerge.runtime.chat.ChatMessage.user("Hi"))), backend.requests.get(1).prompt());
        assertEquals(List.of("\nQ:"), backend.requests.get(0).sampling().stop());
        assertEquals(256, backend.requests.get(0).sampling().maxTokens());
        assertEquals(0.0, backend.requests.get(0).sampling().temperature());
    }

    @Test
    void eachSampleHasItsOwnSeedWhateverElseIsInTheBatch() throws Exception {
        SamplingOptions sampling = new SamplingOptions(2, 0.8, 0.95, 7);
        List<List<String>> together = new RuntimeGenerator(new Recording(OptionalInt.empty(), null), "fake").complete(List.of(GSM8K_LIKE, CHAT), sampling);
        List<List<String>> alone = new RuntimeGenerator(new Recording(OptionalInt.empty(), null), "fake").complete(List.of(CHAT), sampling);
        assertEquals(together.get(1), alone.get(0));
        assertNotEquals(together.get(0).get(0), together.get(0).get(1));
        assertEquals(List.of("seed " + RuntimeGenerator.seed(7, CHAT, 0), "seed " + RuntimeGenerator.seed(7, CHAT, 1)), alone.get(0));
        assertNotEquals(RuntimeGenerator.seed(7, CHAT, 0), RuntimeGenerator.seed(8, CHAT, 0));
    }

    @Test
    void promptsKeepTheirLastTokensToLeaveRoomToAnswerInTheContext() throws Exception {
        Recording backend = new Recording(OptionalInt.of(512), "x");
        Prompt ifevalLike = Prompt.user("Write 300 words.", 1280);
        new RuntimeGenerator(backend, "fake").complete(List.of(GSM8K_LIKE, CHAT, ifevalLike), SamplingOptions.greedyDecoding());
        // 512 - min(max tokens, 512 / 2)
        assertEquals(List.of(OptionalInt.of(256), OptionalInt.of(496), OptionalInt.of(256)),
                backend.requests.stream().map(GenerationRequest::truncatePromptTokens).toList());
    }

    @Test
    void withoutAKnownContextPromptsAreSentWhole() throws Exception {
        Recording backend = new Recording(OptionalInt.empty(), "x");
        new RuntimeGenerator(backend, "fake").complete(List.of(GSM8K_LIKE), SamplingOptions.greedyDecoding());
        assertEquals(OptionalInt.empty(), backend.requests.getFirst().truncatePromptTokens());
    }

    @Test
    void anOutputIsCutAtAStopStringTheServerIgnored() throws Exception {
        Recording backend = new Recording(OptionalInt.empty(), " 2 + 2 = 4. The answer is 4.\nQ: next question");
        assertEquals(List.of(List.of(" 2 + 2 = 4. The answer is 4.")),
                new RuntimeGenerator(backend, "fake").complete(List.of(GSM8K_LIKE), SamplingOptions.greedyDecoding()));
    }

    @Test
    void aBackendsUserErrorBecomesAnIoErrorWithTheSameMessage() {
        RuntimeGenerator generator = new RuntimeGenerator(new TextGenerator() {
            @Override
            public String modelName() {
                return "m";
            }

            @Override
            public Completion generate(GenerationRequest request, Consumer<String> onText) throws UserInputException {
                throw new UserInputException("http://h/v1/completions: HTTP 400: prompt too long");
            }

            @Override
            public void close() {
            }
        }, "fake");
        IOException e = assertThrows(IOException.class, () -> generator.complete(List.of(GSM8K_LIKE), SamplingOptions.greedyDecoding()));
        assertEquals("http://h/v1/completions: HTTP 400: prompt too long", e.getMessage());
    }
}
