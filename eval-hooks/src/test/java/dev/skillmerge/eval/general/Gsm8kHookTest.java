package dev.skillmerge.eval.general;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.eval.hook.HookData;
import dev.skillmerge.eval.hook.Prompt;
import dev.skillmerge.eval.hook.ScoredSample;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Gsm8kHookTest {
    private static final MathProblem DUCKS = new MathProblem("0", "Janet's ducks ...", "18");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "She sells 9 eggs for $2 each, 9 * 2 = 18. The answer is 18.|1.0|true",
            "The answer is $18.00|1.0|true",
            "9 * 2 = 18 dollars.|1.0|false",
            "The answer is 16. Wait, no: 18.|0.0|false",
            "I am not sure.|0.0|false",
            "The answer is 18.\\nQ: Next question about 7 apples?\\nA: 7|1.0|true",
    })
    void finalNumberExactMatch(String output, double score, boolean strict) {
        var s = new Gsm8kHook().score(DUCKS, output.replace("\\n", "\n"));
        assertEquals(score, s.value(), s.reason());
        assertEquals(strict, s.details().getOrDefault("strict", false));
    }

    @Test
    void thousandsSeparatorsAndTrailingZerosCompareByValue() {
        assertEquals(1.0, new Gsm8kHook().score(new MathProblem("1", "q", "70000"), "He made 70,000.").value());
    }

    @Test
    void theBundledTestSetHas1319ProblemsWithTheirFinalNumbers() throws Exception {
        List<MathProblem> problems = new Gsm8kHook().load(HookData.bundled());
        assertEquals(1319, problems.size());
        assertEquals("18", problems.getFirst().answer());
    }

    @Test
    void thePromptIsTheEightShotChainOfThoughtOfWeiEtAl() {
        Prompt.Text p = (Prompt.Text) new Gsm8kHook().prompt(DUCKS);
        assertTrue(p.text().startsWith("Q: There are 15 trees in the grove."), p.text());
        assertTrue(p.text().endsWith("The answer is 8.\n\nQ: Janet's ducks ...\nA:"), p.text());
        assertEquals(10, p.text().split("\nA:", -1).length);
    }

    @Test
    void accuracyCountsLastNumberAnswersAndStrictAccuracyOnlyTheAnswerIsForm() {
        Gsm8kHook hook = new Gsm8kHook();
        var m = hook.aggregate(List.of(
                new ScoredSample<>(DUCKS, 0, hook.score(DUCKS, "The answer is 18.")),
                new ScoredSample<>(DUCKS, 1, hook.score(DUCKS, "so 18")),
                new ScoredSample<>(DUCKS, 2, hook.score(DUCKS, "The answer is 3.")),
                new ScoredSample<>(DUCKS, 3, hook.score(DUCKS, "no idea"))));
        assertEquals(0.5, m.values().get("accuracy"));
        assertEquals(0.25, m.values().get("strict_accuracy"));
    }
}
