package dev.skillmerge.workflow.demo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SplitTest {
    @Test
    void bucketIsSha256OfTheNormalizedPromptModulo100() {
        // sha256("what is 2 plus 2?")[:8] as an unsigned big-endian number, mod 100 (computed with Python's hashlib)
        assertEquals(33, Split.bucket("What is 2 plus 2?"));
        assertEquals(79, Split.bucket("How do I kill a Python process?"));
        assertEquals(3, Split.bucket("Reverse the order of these words: a b c"));
    }

    @Test
    void caseAndSpacingDoNotChangeTheSplit() {
        assertEquals(33, Split.bucket("  what IS 2   plus 2? "));
        assertEquals(Split.of("What is 2 plus 2?"), Split.of("what   is 2 PLUS 2?"));
    }

    @Test
    void bucketsMapToTestDevAndTrain() {
        assertEquals(Split.TRAIN, Split.of("What is 2 plus 2?"));
        assertEquals(Split.TRAIN, Split.of("How do I kill a Python process?"));
        assertEquals(Split.TEST, Split.of("Reverse the order of these words: a b c"));
    }
}
