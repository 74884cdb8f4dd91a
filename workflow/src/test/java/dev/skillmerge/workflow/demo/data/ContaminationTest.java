package dev.skillmerge.workflow.demo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContaminationTest {
    @Test
    void findsAPromptThatWasTrainedOnWhateverItsCaseAndSpacing() {
        List<Contamination.Hit> hits = new Contamination().prompts(List.of("What is 2 plus 2?", "Say hi."))
                .check(List.of("what is 2  PLUS 2?", "What is 3 plus 2?"));
        assertEquals(List.of(new Contamination.Hit("what is 2  PLUS 2?", "a training prompt")), hits);
    }

    @Test
    void findsAPromptInsideALongerTrainingDocument() {
        String doc = "Some story first. Then: How do I kill a Python process that hangs? And more text after it.";
        List<Contamination.Hit> hits = new Contamination().documents(List.of("unrelated text of some length", doc))
                .check(List.of("How do I kill a Python process that hangs?", "How do I kill a Python process that runs?", "Then:"));
        assertEquals(List.of(new Contamination.Hit("How do I kill a Python process that hangs?", "a training document"),
                new Contamination.Hit("Then:", "a training document")), hits);
    }

    @Test
    void aPromptAtTheVeryEndOfADocumentIsFound() {
        String prompt = "Which number is larger, 12 or 71?";
        List<Contamination.Hit> hits = new Contamination().documents(List.of("x".repeat(100) + " " + prompt)).check(List.of(prompt));
        assertEquals(1, hits.size());
    }

    @Test
    void theDemoDataIsClean() {
        Map<String, Map<Split, List<DemoItem>>> data = DemoData.generate(new DemoData.Sizes(400, 200, 40, 40), 1);
        assertEquals(List.of(), DemoData.contamination(data));
    }
}
