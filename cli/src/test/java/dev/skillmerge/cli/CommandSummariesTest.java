package dev.skillmerge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CommandSummariesTest {
    @Test
    void theSummaryIsTheFirstSentenceAcrossHandWrappedLines() {
        assertEquals("Fine-tune a model on chat or plain-text JSONL.",
                CommandSummaries.firstSentence("Fine-tune a model on chat\nor plain-text JSONL. Chat lines learn the assistant turns."));
    }

    @Test
    void aColonEndsTheSummaryOnlyAfterAClause() {
        assertEquals("Serve a model over an HTTP API.", CommandSummaries.firstSentence("Serve a model over an HTTP API: GET /v1/models."));
        assertEquals("CI gate: fail (exit 1) on a regression.", CommandSummaries.firstSentence("CI gate: fail (exit 1) on a regression. More."));
    }

    @Test
    void picocliLineBreaksAndVersionNumbersDoNotEndASentence() {
        assertEquals("When no COMMAND is given, help is shown.", CommandSummaries.firstSentence("%nWhen no COMMAND is given, help is shown."));
        assertEquals("Runs PyTorch 2.5.1 natives.", CommandSummaries.firstSentence("Runs PyTorch 2.5.1 natives."));
    }

    @Test
    void reflowJoinsHandWrappedLinesAndKeepsIndentedOnes() {
        assertArrayEquals(new String[] {"One two three.", "", "  - a list item", "Four five."},
                CommandSummaries.reflow(new String[] {"One two", "three.", "", "  - a list item", "Four", "five."}));
    }
}
