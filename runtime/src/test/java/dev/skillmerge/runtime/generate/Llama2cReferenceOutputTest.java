package dev.skillmerge.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skillmerge.runtime.engine.DeviceChoice;
import dev.skillmerge.runtime.testing.Stories260K;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The imported stories260K must print what llama2.c's {@code run} prints for the same settings. The
 * expected texts are llama2.c's published outputs: doc/stories260K.md of karpathy/llama2.c (greedy and
 * -t 1.0 -p 0.9 -s 133742, 256 steps) and the llama2.c-generated references in clebert/llama2.zig's test.sh
 * (-n 200). run.c's -n counts positions, prompt included, so max tokens = steps - prompt tokens after BOS.
 */
class Llama2cReferenceOutputTest {
    private static EmbeddedGenerator generator;

    @BeforeAll
    static void load() throws Exception {
        generator = EmbeddedGenerator.open(Stories260K.imported(), DeviceChoice.CPU, 0);
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of("run -t 0.0", "", 256, 0.0, 0.9, 1L,
                        "Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball."
                                + " She wanted to play with it, but it was too high.\nLily's mom said, \"Lily, let's go to the park.\" Lily was sad and didn't"
                                + " know what to do. She said, \"I want to play with your ball, but I can't find it.\"\nLily was sad and didn't know what to do."
                                + " She said, \"I'm sorry, Lily. I didn't know what to do.\"\nLily didn't want to help her mom, so she said, \"I'm sorry, mom."
                                + " I didn't know what to do.\" Her mom said, \"Don't worry, Lily. We can help you."),
                Arguments.of("run -t 0 -n 200", "", 200, 0.0, 0.9, 1L,
                        "Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball."
                                + " She wanted to play with it, but it was too high.\nLily's mom said, \"Lily, let's go to the park.\" Lily was sad and didn't"
                                + " know what to do. She said, \"I want to play with your ball, but I can't find it.\"\nLily was sad and didn't know what to do."
                                + " She said, \"I'm sorry, Lily. I didn't know what to do.\"\nLily didn't want to help her mom, so she"),
                Arguments.of("run -t 1 -p 1 -s 42 -n 200", "", 200, 1.0, 1.0, 42L,
                        "Once upon a time, there was a big roof. The fox was ready to look for people inside. He saw a big rock near a big tree. The roof"
                                + " was very small and fun! He ate the roof too. He got a shiny stool, so he sicked the roof with his friend, the girl named Mia.\n"
                                + "\"Help, Mia. Why are you sad, Mia?\" she asked.\n\"I want to try us,\" Mia said. \"It is cute. We have to find one of smells!\"\n"
                                + "Mia felt proud of"),
                Arguments.of("run -t 1 -p 0.95 -s 42 -n 200", "", 200, 1.0, 0.95, 42L,
                        "Once upon a time, there was a little boy named Timmy. Timmy loved going to the park with his mom. One day, Lily went outside to play"
                                + " outside in her pocket. He was scared and didn't know where to buy some colorful animals.\nLater that day, Timmy's mom came outside"
                                + " and saw Timmy just playing in the shore. She didn't see that made him happy, but Timmy's mom said he had to sort his cobwebs and"
                                + " write cold colors. Timmy asked his mom if he was amazed! His mom"),
                Arguments.of("run -t 1 -p 0.95 -s 42 -n 200 -i \"There was a big\"", "There was a big", 200, 1.0, 0.95, 42L,
                        "There was a big pretty grass. It was a long elephant. The cars wanted to tell him that as they spin before the amazing doll, just"
                                + " like it she was always okay.\nOne day, a little girl named Lucy found a ball and an axe. She wanted to race, but she didn't know"
                                + " what the ball was. The ball was determined to be a nice car for Lucy.\nLucy's friend, a little girl named Lily, said, \"Let's go"
                                + " to the store with my mom. I will s"),
                Arguments.of("run -t 1.0 -p 0.9 -s 133742", "", 256, 1.0, 0.9, 133742L,
                        "Once upon a time, there was a little boy named Timmy. Timmy loved to play with his toys and eat sandwiches. One day, Timmy's mom told"
                                + " him it was time to rest for a while. Timmy's friend Billy came over and took him a down.\nTimmy's mom saw that Timmy was sad, but"
                                + " Timmy said, \"I didn't understand what is it! We need to find some leafs.\" Timmy thought about it and took a deep breath on a"
                                + " spoon. He hoped it was important to be kind and continued to find its image next time.\nAfter they finished getting, Timmy's dad"
                                + " came up to his house and promised to help Timmy."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void reproducesLlama2cRunOutput(String run, String prompt, int steps, double temperature, double topP, long seed, String expected)
            throws Exception {
        int promptTokens = generator.tokenizer().encode(prompt, true).length;
        SamplingSettings settings = new SamplingSettings(steps - (promptTokens - 1), temperature, topP, seed, SamplerKind.LLAMA2C, List.of());
        Completion completion = generator.generate(new GenerationRequest(new Prompt.Text(prompt), settings));
        assertEquals(expected, prompt + completion.text(), run);
    }
}
