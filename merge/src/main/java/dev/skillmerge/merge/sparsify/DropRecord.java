package dev.skillmerge.merge.sparsify;

import java.util.ArrayList;
import java.util.List;

/**
 * The drop decisions of one tensor's DARE masks as bit sets (bit i of a chunk's set: element i dropped),
 * written by the L1 rescale's measuring scan and read back, chunk by chunk in the same order, by the write
 * pass, which then blends instead of drawing every random number again (the draws were a fifth of a
 * dare_ties merge). n/8 bytes per model; tensors over {@link #MAX_ELEMENTS} are not recorded and draw twice.
 */
final class DropRecord {
    /** 32 MB of bits per model at most: within what the merge's memory estimate sets aside per input for rank selection. */
    static final long MAX_ELEMENTS = 256L << 20;

    private final List<List<long[]>> chunks = new ArrayList<>();
    private final int[] replayed;

    DropRecord(int models) {
        for (int k = 0; k < models; k++) {
            chunks.add(new ArrayList<>());
        }
        replayed = new int[models];
    }

    static boolean fits(long elements) {
        return elements <= MAX_ELEMENTS;
    }

    /** A cleared bit set for model k's next chunk of {@code length} elements, kept for {@link #next}. */
    long[] record(int model, int length) {
        long[] bits = new long[(length + 63) >>> 6];
        chunks.get(model).add(bits);
        return bits;
    }

    /** Model k's recorded bit sets, in the order they were recorded; each is released once read. */
    long[] next(int model) {
        List<long[]> recorded = chunks.get(model);
        int at = replayed[model]++;
        long[] bits = recorded.get(at);
        recorded.set(at, null);
        return bits;
    }
}
