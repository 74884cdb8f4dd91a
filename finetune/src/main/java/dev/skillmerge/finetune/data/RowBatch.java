package dev.skillmerge.finetune.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Examples laid out as the model reads them: {@code rows} rows of {@code length} positions, as long as the
 * longest example. Unpacked, each example has its own row, padded at the end. Packed, examples are placed
 * first-fit by decreasing length into as few rows as hold them, each keeping its own positions (from 0)
 * and seeing only its own tokens ({@link #segments}), so packing changes how much padding is computed and
 * nothing else: the loss and gradients equal the unpacked ones. Rows are never longer than the longest
 * example, so packing never makes attention longer.
 *
 * @param inputs          token ids [rows * length] (0 in padding)
 * @param positions       each token's position within its own example [rows * length]
 * @param segments        which example of its row a token belongs to, -1 for padding [rows * length]
 * @param trainedIndex    the flat indices (row * length + t) whose prediction the loss covers, ascending
 * @param trainedTargets  the token to predict at each of those indices
 * @param tokens          positions holding a token (not padding)
 */
public record RowBatch(int rows, int length, long[] inputs, long[] positions, long[] segments, long[] trainedIndex,
                       long[] trainedTargets, int tokens, boolean packed) {
    public int trainedTokens() {
        return trainedIndex.length;
    }

    public static RowBatch of(List<Example> examples, boolean pack) {
        int length = examples.stream().mapToInt(Example::length).max().orElseThrow();
        List<List<Example>> rows = pack ? firstFitDecreasing(examples, length) : examples.stream().map(List::of).toList();
        int r = rows.size();
        long[] inputs = new long[r * length];
        long[] positions = new long[r * length];
        long[] segments = new long[r * length];
        Arrays.fill(segments, -1);
        List<long[]> trained = new ArrayList<>();
        int tokens = 0;
        for (int row = 0; row < r; row++) {
            int at = row * length;
            List<Example> inRow = rows.get(row);
            for (int s = 0; s < inRow.size(); s++) {
                Example e = inRow.get(s);
                for (int t = 0; t < e.length(); t++) {
                    inputs[at + t] = e.tokens()[t];
                    positions[at + t] = t;
                    segments[at + t] = s;
                    if (e.trained()[t + 1]) {
                        trained.add(new long[] {at + t, e.tokens()[t + 1]});
                    }
                }
                at += e.length();
                tokens += e.length();
            }
            for (int t = at - row * length; t < length; t++) {
                positions[row * length + t] = t; // padding: any position, never attended to by a token
            }
        }
        long[] index = new long[trained.size()];
        long[] targets = new long[trained.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = trained.get(i)[0];
            targets[i] = trained.get(i)[1];
        }
        boolean packed = rows.stream().anyMatch(row -> row.size() > 1);
        return new RowBatch(r, length, inputs, positions, segments, index, targets, tokens, packed);
    }

    /** Longest first, each into the first row with room, else a new row: at most 11/9 of the optimal row count. */
    private static List<List<Example>> firstFitDecreasing(List<Example> examples, int capacity) {
        List<Example> sorted = new ArrayList<>(examples);
        sorted.sort(Comparator.comparingInt(Example::length).reversed());
        List<List<Example>> rows = new ArrayList<>();
        List<Integer> free = new ArrayList<>();
        for (Example e : sorted) {
            int row = 0;
            while (row < rows.size() && free.get(row) < e.length()) {
                row++;
            }
            if (row == rows.size()) {
                rows.add(new ArrayList<>());
                free.add(capacity);
            }
            rows.get(row).add(e);
            free.set(row, free.get(row) - e.length());
        }
        return rows;
    }
}
