package dev.skillmerge.runtime.llama2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skillmerge.runtime.testing.Stories260K;
import dev.skillmerge.runtime.tokenizer.TextTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImportedTokenizerTest {
    private static TextTokenizer tokenizer;
    private static Llama2cEncoder llama2c;

    @BeforeAll
    static void open() throws Exception {
        tokenizer = TextTokenizer.open(Stories260K.imported());
        llama2c = new Llama2cEncoder(Llama2cVocabulary.read(Stories260K.TOKENIZER, 512));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Once upon a time", "There was a big", "Lily's mom said, \"Lily, let's go to the park.\"",
            "  two leading spaces and trailing  ", "line one\nline two\n\ttabbed", "Ünïcödé façade – naïve café",
            "emoji 🦙 and 日本語 fall back to bytes", "a", " ", "<0x41> looks like a byte piece", "123 + 456 = 579!"})
    void encodesExactlyAsLlama2cDoes(String text) {
        int[] expected = llama2c.encode(text, true).stream().mapToInt(Integer::intValue).toArray();
        assertArrayEquals(expected, tokenizer.encode(text, true), text);
    }

    @Test
    void emptyTextIsJustBos() {
        assertArrayEquals(new int[] {1}, tokenizer.encode("", true));
    }

    @Test
    void knownPromptEncodesToKnownIds() {
        // the prompt of llama2.c's published sampling reference: BOS, " The" "re" " was" " a" " big" (tok512 has no " There")
        assertArrayEquals(new int[] {1, 291, 276, 286, 261, 370}, tokenizer.encode("There was a big", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Once upon a time, there was a little girl.", "emoji 🦙 and 日本語", "tabs\tand\nnewlines"})
    void decodingInvertsEncoding(String text) {
        assertEquals(text, tokenizer.decode(tokenizer.encode(text, true)));
    }
}
