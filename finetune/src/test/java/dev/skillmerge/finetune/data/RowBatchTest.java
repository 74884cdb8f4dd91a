package dev.skillmerge.finetune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowBatchTest {
    /** An example of tokens base, base+1, ...; every token after the first learned unless listed as context. */
    private static Example example(int base, int n, int... context) {
        int[] tokens = new int[n];
        boolean[] trained = new boolean[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = base + i;
            trained[i] = i > 0;
        }
        for (int c : context) {
            trained[c] = false;
        }
        return new Example(tokens, trained, new Source(Path.of("x.jsonl"), base));
    }

    @Test
    void unpackedEachExampleHasARowPaddedToTheLongest() {
        RowBatch b = RowBatch.of(List.of(example(10, 4), example(20, 3, 1)), false);
        assertEquals(2, b.rows());
        assertEquals(3, b.length());
        assertFalse(b.packed());
        assertArrayEquals(new long[] {10, 11, 12, 20, 21, 0}, b.inputs());
        assertArrayEquals(new long[] {0, 1, 2, 0, 1, 2}, b.positions());
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, -1}, b.segments());
        // row 0 predicts 11, 12, 13 at 0..2; row 1 predicts 22 at 1 (21 is context)
        assertArrayEquals(new long[] {0, 1, 2, 4}, b.trainedIndex());
        assertArrayEquals(new long[] {11, 12, 13, 22}, b.trainedTargets());
        assertEquals(5, b.tokens());
    }

    @Test
    void packingPlacesLongestFirstIntoTheFirstRowWithRoom() {
        // lengths (positions) 5, 2, 4, 3: rows of 5 hold [5], [4], [3, 2]
        RowBatch b = RowBatch.of(List.of(example(10, 6), example(20, 3), example(30, 5), example(40, 4)), true);
        assertTrue(b.packed());
        assertEquals(3, b.rows());
        assertEquals(5, b.length());
        assertArrayEquals(new long[] {10, 11, 12, 13, 14, 30, 31, 32, 33, 0, 40, 41, 42, 20, 21}, b.inputs());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 0, 1}, b.positions());
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 1, 1}, b.segments());
        assertArrayEquals(new long[] {11, 12, 13, 14, 15, 31, 32, 33, 34, 41, 42, 43, 21, 22}, b.trainedTargets());
        assertEquals(14, b.tokens());
        assertEquals(14, b.trainedTokens());
    }
}
