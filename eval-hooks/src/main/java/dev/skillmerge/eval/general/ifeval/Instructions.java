package dev.skillmerge.eval.general.ifeval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The registry of IFEval's 25 instruction ids, each built from its kwargs object. */
public final class Instructions {
    private static final Map<String, Function<Kwargs, Instruction>> REGISTRY = new TreeMap<>(Map.ofEntries(
            Map.entry("keywords:existence", k -> new KeywordInstructions.Existence(k.texts("keywords"))),
            Map.entry("keywords:frequency", k -> new KeywordInstructions.Frequency(k.text("keyword"), k.integer("frequency"), k.relation("relation"))),
            Map.entry("keywords:forbidden_words", k -> new KeywordInstructions.ForbiddenWords(k.texts("forbidden_words"))),
            Map.entry("keywords:letter_frequency", k -> new KeywordInstructions.LetterFrequency(k.text("letter"), k.integer("let_frequency"), k.relation("let_relation"))),
            Map.entry("language:response_language", k -> new LanguageInstructions.ResponseLanguage(k.text("language"), LanguageId.shared())),
            Map.entry("length_constraints:number_sentences", k -> new LengthInstructions.Sentences(k.integer("num_sentences"), k.relation("relation"))),
            Map.entry("length_constraints:number_paragraphs", k -> new LengthInstructions.Paragraphs(k.integer("num_paragraphs"))),
            Map.entry("length_constraints:number_words", k -> new LengthInstructions.Words(k.integer("num_words"), k.relation("relation"))),
            Map.entry("length_constraints:nth_paragraph_first_word", k -> new LengthInstructions.NthParagraphFirstWord(
                    k.integer("num_paragraphs"), k.integer("nth_paragraph"), k.text("first_word"))),
            Map.entry("detectable_content:number_placeholders", k -> new ContentInstructions.Placeholders(k.integer("num_placeholders"))),
            Map.entry("detectable_content:postscript", k -> new ContentInstructions.Postscript(k.text("postscript_marker"))),
            Map.entry("detectable_format:number_bullet_lists", k -> new FormatInstructions.BulletLists(k.integer("num_bullets"))),
            Map.entry("detectable_format:constrained_response", k -> new FormatInstructions.ConstrainedResponse()),
            Map.entry("detectable_format:number_highlighted_sections", k -> new FormatInstructions.HighlightedSections(k.integer("num_highlights"))),
            Map.entry("detectable_format:multiple_sections", k -> new FormatInstructions.Sections(k.text("section_spliter"), k.integer("num_sections"))),
            Map.entry("detectable_format:json_format", k -> new FormatInstructions.JsonFormat()),
            Map.entry("detectable_format:title", k -> new FormatInstructions.Title()),
            Map.entry("combination:two_responses", k -> new CombinationInstructions.TwoResponses()),
            Map.entry("combination:repeat_prompt", k -> new CombinationInstructions.RepeatPrompt(k.text("prompt_to_repeat"))),
            Map.entry("startend:end_checker", k -> new StartEndInstructions.EndPhrase(k.text("end_phrase"))),
            Map.entry("startend:quotation", k -> new StartEndInstructions.Quotation()),
            Map.entry("change_case:capital_word_frequency", k -> new CaseInstructions.CapitalWordFrequency(k.integer("capital_frequency"), k.relation("capital_relation"))),
            Map.entry("change_case:english_capital", k -> new CaseInstructions.EnglishCapital(LanguageId.shared())),
            Map.entry("change_case:english_lowercase", k -> new CaseInstructions.EnglishLowercase(LanguageId.shared())),
            Map.entry("punctuation:no_comma", k -> new CaseInstructions.NoComma())));

    private Instructions() {
    }

    public static java.util.Set<String> ids() {
        return REGISTRY.keySet();
    }

    /** Builds instruction {@code id}; unknown ids and missing arguments are IllegalArgumentExceptions naming them. */
    public static Instruction build(String id, JsonNode kwargs) {
        Function<Kwargs, Instruction> factory = REGISTRY.get(id);
        if (factory == null) {
            throw new IllegalArgumentException("unknown IFEval instruction \"" + id + "\"");
        }
        return factory.apply(new Kwargs(id, kwargs));
    }
}
