package dev.skillmerge.checkpoint.rng;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PositionalRandomBulkTest {
    @Test
    void bits24InBulkAreTheTopBitsOfEachPositionOneByOne() {
        PositionalRandom r = PositionalRandom.of(7, "model.layers.3.self_attn.q_proj.weight");
        for (long offset : new long[] {0, 1, 5_000_000_123L}) {
            for (int length : new int[] {0, 1, 7, 8, 9, 16, 1000, 1003}) {
                int[] out = new int[length + 3];
                out[length] = -1;
                r.bits24(offset, out, length);
                for (int i = 0; i < length; i++) {
                    assertEquals((int) (r.bits(offset + i) >>> 40), out[i], "offset " + offset + " + " + i);
                }
                assertEquals(-1, out[length], "wrote past the length");
            }
        }
    }
}
