package dev.skillmerge.merge.sparsify;

import java.util.Comparator;
import java.util.stream.IntStream;

/** The reference for rank cut-offs: a full sort of (|value|, position), which the streaming code avoids. */
final class SortedRanks {
    private SortedRanks() {
    }

    /** Positions in ascending (|value|, position) order. */
    static Integer[] ranked(float[] v) {
        return IntStream.range(0, v.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> Math.abs(v[i])).thenComparingInt(i -> i)).toArray(Integer[]::new);
    }

    /** The cut-off at rank r: the key of the element ranked r and how many equal keys precede it. */
    static RankCutoff cutoffAt(float[] v, int r) {
        int at = ranked(v)[r];
        float key = Math.abs(v[at]);
        long equalBefore = IntStream.range(0, at).filter(i -> Math.abs(v[i]) == key).count();
        return RankCutoff.at(Float.floatToRawIntBits(key), equalBefore);
    }
}
