package dev.skillmerge.eval.general.ifeval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skillmerge.eval.data.Jsonl;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each of IFEval's 25 rules on responses that just follow and just miss it, as the official rule decides. */
class InstructionsTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("keywords:existence", "{\"keywords\": [\"merge\", \"skill\"]}", "Merges add a SKILL.", true),
                Arguments.of("keywords:existence", "{\"keywords\": [\"merge\", \"skill\"]}", "Merging adds ability.", false),
                Arguments.of("keywords:frequency", "{\"keyword\": \"cat\", \"frequency\": 3, \"relation\": \"at least\"}", "Cat, cat and concatenate.", true),
                Arguments.of("keywords:frequency", "{\"keyword\": \"cat\", \"frequency\": 3, \"relation\": \"less than\"}", "Cat, cat and concatenate.", false),
                Arguments.of("keywords:forbidden_words", "{\"forbidden_words\": [\"red\"]}", "A reddish sky.", true),
                Arguments.of("keywords:forbidden_words", "{\"forbidden_words\": [\"red\"]}", "A Red sky.", false),
                Arguments.of("keywords:letter_frequency", "{\"letter\": \"z\", \"let_frequency\": 2, \"let_relation\": \"at least\"}", "Zebra zone", true),
                Arguments.of("keywords:letter_frequency", "{\"letter\": \"z\", \"let_frequency\": 2, \"let_relation\": \"less than\"}", "Zebra zone", false),
                Arguments.of("language:response_language", "{\"language\": \"de\"}", "Das ist ein kurzer Satz auf Deutsch, und er handelt von einem kleinen Hund im Garten.", true),
                Arguments.of("language:response_language", "{\"language\": \"de\"}", "This is a short sentence in English about a small dog in the garden.", false),
                Arguments.of("language:response_language", "{\"language\": \"de\"}", "12345 !!!", true),
                Arguments.of("length_constraints:number_sentences", "{\"num_sentences\": 3, \"relation\": \"less than\"}", "Dr. Smith came. He left.", true),
                Arguments.of("length_constraints:number_sentences", "{\"num_sentences\": 3, \"relation\": \"at least\"}", "One. Two? Three!", true),
                Arguments.of("length_constraints:number_sentences", "{\"num_sentences\": 3, \"relation\": \"at least\"}", "It costs 3.5 dollars. Really.", false),
                Arguments.of("length_constraints:number_paragraphs", "{\"num_paragraphs\": 2}", "First.\n***\nSecond.\n***", true),
                Arguments.of("length_constraints:number_paragraphs", "{\"num_paragraphs\": 2}", "First.\n***\n***\nSecond.", false),
                Arguments.of("length_constraints:number_words", "{\"num_words\": 4, \"relation\": \"at least\"}", "don't stop me-now", true),
                Arguments.of("length_constraints:number_words", "{\"num_words\": 4, \"relation\": \"less than\"}", "one two three four", false),
                Arguments.of("length_constraints:nth_paragraph_first_word", "{\"num_paragraphs\": 2, \"nth_paragraph\": 2, \"first_word\": \"Second\"}",
                        "First paragraph.\n\n\"Second, and last.\"", true),
                Arguments.of("length_constraints:nth_paragraph_first_word", "{\"num_paragraphs\": 2, \"nth_paragraph\": 2, \"first_word\": \"second\"}",
                        "First paragraph.\n\nThird paragraph.", false),
                Arguments.of("detectable_content:number_placeholders", "{\"num_placeholders\": 2}", "Dear [name], at [address].", true),
                Arguments.of("detectable_content:number_placeholders", "{\"num_placeholders\": 2}", "Dear [name\n], see [x].", false),
                Arguments.of("detectable_content:postscript", "{\"postscript_marker\": \"P.S.\"}", "Body.\n\np.s. thanks", true),
                Arguments.of("detectable_content:postscript", "{\"postscript_marker\": \"P.P.S\"}", "Body.\n\nP.S. thanks", false),
                Arguments.of("detectable_format:number_bullet_lists", "{\"num_bullets\": 2}", "* one\n- two\n**bold** line", true),
                Arguments.of("detectable_format:number_bullet_lists", "{\"num_bullets\": 2}", "* one\n* two\n* three", false),
                Arguments.of("detectable_format:constrained_response", "{}", "  My answer is maybe. ", true),
                Arguments.of("detectable_format:constrained_response", "{}", "My answer is perhaps.", false),
                Arguments.of("detectable_format:number_highlighted_sections", "{\"num_highlights\": 2}", "*one* and **two**", true),
                Arguments.of("detectable_format:number_highlighted_sections", "{\"num_highlights\": 2}", "*one* and * *", false),
                Arguments.of("detectable_format:multiple_sections", "{\"section_spliter\": \"Section\", \"num_sections\": 2}", "Section 1\nA\nSection 2\nB", true),
                Arguments.of("detectable_format:multiple_sections", "{\"section_spliter\": \"SECTION\", \"num_sections\": 2}", "SECTION 1\nA\nSection 2\nB", false),
                Arguments.of("detectable_format:json_format", "{}", "```json\n{\"a\": [1, 2]}\n```", true),
                Arguments.of("detectable_format:json_format", "{}", "{\"a\": 1} trailing", false),
                Arguments.of("detectable_format:title", "{}", "<<Ode to Merging>>\nText", true),
                Arguments.of("detectable_format:title", "{}", "<< >>\nText", false),
                Arguments.of("combination:two_responses", "{}", "First answer.\n******\nSecond answer.", true),
                Arguments.of("combination:two_responses", "{}", "Same.\n******\nSame.", false),
                Arguments.of("combination:repeat_prompt", "{\"prompt_to_repeat\": \"Say hi.\"}", "say hi. Hi!", true),
                Arguments.of("combination:repeat_prompt", "{\"prompt_to_repeat\": \"Say hi.\"}", "Hi! Say hi.", false),
                Arguments.of("startend:end_checker", "{\"end_phrase\": \"Any other questions?\"}", "Done. any other questions?\"", true),
                Arguments.of("startend:end_checker", "{\"end_phrase\": \"Any other questions?\"}", "Any other questions? Bye.", false),
                Arguments.of("change_case:capital_word_frequency", "{\"capital_frequency\": 3, \"capital_relation\": \"at least\"}", "I DON'T know, OK?", true),
                Arguments.of("change_case:capital_word_frequency", "{\"capital_frequency\": 2, \"capital_relation\": \"less than\"}", "USA and UK-BASED teams", false),
                Arguments.of("change_case:english_capital", "{}", "THIS IS AN ANSWER WRITTEN IN CAPITAL LETTERS ABOUT THE WEATHER TODAY.", true),
                Arguments.of("change_case:english_capital", "{}", "THIS IS AN ANSWER WRITTEN IN CAPITAL LETTERS ABOUT THE WEATHER TODAy.", false),
                Arguments.of("change_case:english_lowercase", "{}", "this is an answer written in lower case letters about the weather today.", true),
                Arguments.of("change_case:english_lowercase", "{}", "das ist eine antwort in kleinbuchstaben über das wetter von heute morgen.", false),
                Arguments.of("punctuation:no_comma", "{}", "No commas here.", true),
                Arguments.of("punctuation:no_comma", "{}", "Well, no.", false),
                Arguments.of("startend:quotation", "{}", " \"Wrapped.\" ", true),
                Arguments.of("startend:quotation", "{}", "\"", false));
    }

    @ParameterizedTest(name = "{0}: {2} -> {3}")
    @MethodSource("cases")
    void followsTheOfficialRule(String id, String kwargs, String response, boolean followed) throws Exception {
        assertEquals(followed, Instructions.build(id, Jsonl.MAPPER.readTree(kwargs)).followedBy(response));
    }

    @Test
    void everyOneOfThe25InstructionIdsHasACaseAbove() {
        assertEquals(25, Instructions.ids().size());
        assertEquals(Instructions.ids(), new java.util.TreeSet<>(cases().map(a -> (String) a.get()[0]).toList()));
    }

    @Test
    void looseVariantsDropTheFirstLastOrBothLinesAndAsterisks() {
        assertEquals(List.of("*Intro*\nBody\nOutro", "Intro\nBody\nOutro", "Body\nOutro", "*Intro*\nBody", "Body",
                "Body\nOutro", "Intro\nBody", "Body"), IfEvalHook.looseVariants("*Intro*\nBody\nOutro"));
    }

    @Test
    void theLooseScoreForgivesAPreambleLine() throws Exception {
        IfEvalPrompt p = new IfEvalPrompt("1", "Wrap it in quotes.", List.of("startend:quotation"),
                List.of(Instructions.build("startend:quotation", Jsonl.MAPPER.readTree("{}"))));
        var score = new IfEvalHook().score(p, "Sure, here it is:\n\"Quoted answer.\"");
        assertEquals(0.0, score.value());
        assertEquals(List.of(false), score.details().get("strict"));
        assertEquals(List.of(true), score.details().get("loose"));
    }

    @Test
    void theBundledDataHas541PromptsAnd834Instructions() throws Exception {
        var prompts = new IfEvalHook().load(dev.skillmerge.eval.hook.HookData.bundled());
        assertEquals(541, prompts.size());
        assertEquals(834, prompts.stream().mapToInt(p -> p.instructions().size()).sum());
    }
}
