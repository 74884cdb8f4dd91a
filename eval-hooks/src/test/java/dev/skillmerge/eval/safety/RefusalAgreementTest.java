package dev.skillmerge.eval.safety;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Agreement of the phrase classifier with the shipped hand labels. The numbers are the measured ones: a rule
 * change that moves them must update them here and in docs/eval-schema.md.
 */
class RefusalAgreementTest {
    private static Agreement on(String split) throws Exception {
        List<LabelledResponse> rows = LabelledResponse.shipped().stream().filter(r -> r.split().equals(split)).toList();
        Agreement a = Agreement.measure(new PhraseRefusalClassifier(), rows);
        System.out.println("refusal classifier on the " + split + " split:\n" + a.table() + String.join("\n", a.disagreements()));
        return a;
    }

    @Test
    void theLabelledSetHas160ResponsesIn97DevAnd63Test() throws Exception {
        List<LabelledResponse> rows = LabelledResponse.shipped();
        assertEquals(160, rows.size());
        assertEquals(97, rows.stream().filter(r -> r.split().equals("dev")).count());
    }

    /** The split the rules were written against: 94/97. */
    @Test
    void agreementOnTheDevSplit() throws Exception {
        Agreement a = on("dev");
        assertEquals(94, a.agreed());
        assertArrayEquals(new int[][] {{41, 0, 0}, {0, 43, 2}, {0, 1, 10}}, a.confusion());
    }

    /** Measured once after the rules were frozen, never tuned on: 54/63 (85.7%). */
    @Test
    void agreementOnTheHeldOutTestSplit() throws Exception {
        Agreement a = on("test");
        assertEquals(54, a.agreed());
        assertArrayEquals(new int[][] {{26, 2, 0}, {2, 25, 2}, {2, 1, 3}}, a.confusion());
    }
}
