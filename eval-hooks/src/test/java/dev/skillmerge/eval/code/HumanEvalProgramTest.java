package dev.skillmerge.eval.code;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HumanEvalProgramTest {
    private static final HumanEvalProblem ADD = new HumanEvalProblem("t/0", "def add(a, b):\n    \"\"\"Add.\"\"\"\n",
            "    return a + b\n", "def check(f):\n    assert f(1, 2) == 3\n", "add");

    @Test
    void aBareContinuationIsCutAtTheFirstStopSequence() {
        assertEquals("def add(a, b):\n    \"\"\"Add.\"\"\"\n    return a + b\n\ndef check(f):\n    assert f(1, 2) == 3\n\n\ncheck(add)\n",
                HumanEvalProgram("    return a + b\nprint('trailing chatter')\n"));
    }

    @Test
    void aFencedWholeFunctionReplacesTheStub() {
        assertEquals("def add(a, b):\n    \"\"\"Add.\"\"\"\n    pass\n\ndef add(a, b):\n    return b + a\n\n\ndef check(f):\n    assert f(1, 2) == 3\n\n\ncheck(add)\n",
                HumanEvalProgram("Here you go:\n```python\ndef add(a, b):\n    return b + a\n```\nDone."));
    }

    private static String HumanEvalProgram(String output) {
        return HumanEvalHook.program(ADD, output);
    }
}
