package dev.skillmerge.merge.sparsify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class RankCutoffTest {
    private static final int[] CHUNKS = {37, 50, 16, 100};

    // 203 entries with only four magnitudes and both signs: every cut-off falls inside a long run of ties,
    // which straddles vector lanes and chunk boundaries.
    private static float[] values() {
        float[] v = new float[203];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 2 == 0 ? 1 : -1) * 0.5f * (1 + (i * 7 % 11) % 4);
        }
        return v;
    }

    /** v with the entries whose rank is outside [from, to) zeroed. */
    private static float[] keepingRanks(float[] v, int from, int to) {
        Integer[] order = SortedRanks.ranked(v);
        float[] expected = new float[v.length];
        for (int rank = from; rank < to; rank++) {
            expected[order[rank]] = v[order[rank]];
        }
        return expected;
    }

    private static float[] inChunks(float[] v, java.util.function.BiConsumer<float[], Integer> gate) {
        float[] out = new float[v.length];
        int offset = 0;
        for (int c = 0; offset < v.length; c++) {
            int length = Math.min(CHUNKS[c % CHUNKS.length], v.length - offset);
            float[] chunk = java.util.Arrays.copyOfRange(v, offset, offset + length);
            gate.accept(chunk, length);
            System.arraycopy(chunk, 0, out, offset, length);
            offset += length;
        }
        return out;
    }

    @Test
    void zeroBelowKeepsExactlyTheRanksFromTheCutoffUpBreakingTiesByPosition() {
        float[] v = values();
        for (int r : new int[] {1, 50, 51, 101, 150, 202}) {
            RankCutoff.Gate gate = SortedRanks.cutoffAt(v, r).gate();
            assertArrayEquals(keepingRanks(v, r, v.length), inChunks(v, gate::zeroBelow), "rank " + r);
        }
    }

    @Test
    void zeroOutsideKeepsExactlyTheRanksBetweenTwoCutoffs() {
        float[] v = values();
        int[][] ranges = {{10, 190}, {50, 51}, {60, 140}, {1, 202}};
        for (int[] range : ranges) {
            RankCutoff.Gate lower = SortedRanks.cutoffAt(v, range[0]).gate();
            RankCutoff.Gate upper = SortedRanks.cutoffAt(v, range[1]).gate();
            assertArrayEquals(keepingRanks(v, range[0], range[1]), inChunks(v, (c, n) -> lower.zeroOutside(upper, c, n)),
                    "ranks " + range[0] + ".." + range[1]);
        }
    }

    @Test
    void replaceBelowTakesTheFallbackExactlyWhereTheKeysRankBelowTheCutoff() {
        float[] keys = values();
        float[] fallback = new float[keys.length];
        java.util.Arrays.fill(fallback, 9f);
        for (int r : new int[] {0, 1, 51, 150, 203}) {
            RankCutoff.Gate gate = r == 0 ? RankCutoff.ALL.gate() : r == keys.length ? RankCutoff.NONE.gate() : SortedRanks.cutoffAt(keys, r).gate();
            float[] kept = keepingRanks(keys, r, keys.length);
            float[] expected = new float[keys.length];
            for (int i = 0; i < keys.length; i++) {
                expected[i] = kept[i] != 0 ? -i : 9f;
            }
            float[] values = new float[keys.length];
            for (int i = 0; i < keys.length; i++) {
                values[i] = -i;
            }
            int[] offset = {0};
            // the keys in the chunks the gate sees; values and fallback at the same positions
            inChunks(keys, (chunk, n) -> {
                float[] v = java.util.Arrays.copyOfRange(values, offset[0], offset[0] + n);
                gate.replaceBelow(chunk, v, java.util.Arrays.copyOfRange(fallback, offset[0], offset[0] + n), n);
                System.arraycopy(v, 0, values, offset[0], n);
                offset[0] += n;
            });
            assertArrayEquals(expected, values, "rank " + r);
        }
    }

    @Test
    void theEndsOfTheRankRangeKeepEverythingOrNothing() {
        float[] v = values();
        assertArrayEquals(v, inChunks(v, RankCutoff.ALL.gate()::zeroBelow));
        assertArrayEquals(new float[v.length], inChunks(v, RankCutoff.NONE.gate()::zeroBelow));
        RankCutoff.Gate lower = RankCutoff.ALL.gate();
        RankCutoff.Gate upper = SortedRanks.cutoffAt(v, 100).gate();
        assertArrayEquals(keepingRanks(v, 0, 100), inChunks(v, (c, n) -> lower.zeroOutside(upper, c, n)));
    }
}
