package dev.skillmerge.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skillmerge.runtime.chat.ChatMessage;
import dev.skillmerge.runtime.engine.DeviceChoice;
import dev.skillmerge.runtime.testing.Stories260K;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batched decoding must not change what a prompt gives: every completion of a batch of prompts of mixed lengths
 * (so rows are left-padded) equals what the prompt gives alone, for greedy decoding and for seeded sampling.
 */
class BatchedGenerationTest {
    private static final String LLAMA2C_GREEDY_200 = "Once upon a time, there was a little girl named Lily. She loved to play outside in the"
            + " park. One day, she saw a big, red ball. She wanted to play with it, but it was too high.\nLily's mom said, \"Lily, let's go"
            + " to the park.\" Lily was sad and didn't know what to do. She said, \"I want to play with your ball, but I can't find it.\"\n"
            + "Lily was sad and didn't know what to do. She said, \"I'm sorry, Lily. I didn't know what to do.\"\nLily didn't want to help"
            + " her mom, so she";
    private static EmbeddedGenerator generator;

    @BeforeAll
    static void load() throws Exception {
        // batches of 3: the eight requests below run as three batches, sorted by prompt length
        generator = EmbeddedGenerator.open(Stories260K.imported(), DeviceChoice.CPU, 1, 3);
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    private static List<Prompt> prompts() {
        return List.of(new Prompt.Text(""), new Prompt.Text("Tom had a red ball. He"), new Prompt.Text("There was a big"),
                new Prompt.Chat(List.of(ChatMessage.user("Tell me a story about a cat and a dog who became friends."))),
                new Prompt.Text("Lily and Ben went to the park to play on the swings. Lily said"), new Prompt.Text("The sun"),
                new Prompt.Chat(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Why is the sky blue?"))),
                new Prompt.Text("Once upon a time, in a small house, there lived a"));
    }

    /** Different budgets and stop strings per request, so that rows leave the batch at different steps. */
    private static SamplingSettings settings(int i, double temperature, double topP, SamplerKind sampler) {
        List<String> stop = i % 3 == 1 ? List.of(".", "!") : i % 3 == 2 ? List.of("\n") : List.of();
        return new SamplingSettings(16 + 14 * i, temperature, topP, 1000 + i, sampler, stop);
    }

    private static void assertBatchEqualsOneByOne(double temperature, double topP, SamplerKind sampler) throws Exception {
        List<GenerationRequest> requests = new ArrayList<>();
        List<Prompt> prompts = prompts();
        for (int i = 0; i < prompts.size(); i++) {
            requests.add(new GenerationRequest(prompts.get(i), settings(i, temperature, topP, sampler)));
        }
        List<Completion> batched = generator.generate(requests);
        for (int i = 0; i < requests.size(); i++) {
            assertEquals(generator.generate(requests.get(i)), batched.get(i), "request " + i);
        }
    }

    @Test
    void greedyBatchOfMixedLengthPromptsEqualsOneByOne() throws Exception {
        assertBatchEqualsOneByOne(0, 1, SamplerKind.DEFAULT);
    }

    @Test
    void seededTopPSamplingInABatchEqualsOneByOne() throws Exception {
        assertBatchEqualsOneByOne(1.0, 0.9, SamplerKind.DEFAULT);
    }

    @Test
    void seededLlama2cSamplingInABatchEqualsOneByOne() throws Exception {
        assertBatchEqualsOneByOne(0.8, 0.95, SamplerKind.LLAMA2C);
    }

    @Test
    void aPromptPaddedInABatchStillGivesLlama2csGreedyText() throws Exception {
        // the empty prompt (BOS alone) is the shortest row: left-padded by the longer prompts beside it;
        // llama2.c's run -n 200 counts BOS among its 200 positions, so 200 tokens follow it
        List<GenerationRequest> requests = List.of(
                new GenerationRequest(new Prompt.Text("Once upon a time, in a small house, there lived a"), SamplingSettings.greedy(30)),
                new GenerationRequest(new Prompt.Text(""), SamplingSettings.greedy(200)),
                new GenerationRequest(new Prompt.Text("There was a big"), SamplingSettings.greedy(5)));
        Completion c = generator.generate(requests).get(1);
        assertEquals(LLAMA2C_GREEDY_200, c.text());
        assertEquals(new Completion(LLAMA2C_GREEDY_200, Completion.FinishReason.LENGTH, 1, 200), c);
    }
}
