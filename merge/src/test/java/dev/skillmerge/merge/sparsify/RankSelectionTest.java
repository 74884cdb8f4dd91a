package dev.skillmerge.merge.sparsify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skillmerge.checkpoint.rng.PositionalRandom;
import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.merge.method.Chunk;
import dev.skillmerge.merge.method.ScratchTensor;
import dev.skillmerge.merge.method.TensorMerge;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankSelectionTest {
    private static final int N = 12_000;
    private static final int CHUNK = 1_000;
    private static final int[] RANKS = {1, 600, 6_000, 6_001, 11_400, 11_999};

    /** Magnitudes from 64 levels, so every rank sits in a run of ties. */
    private static float[] representative() {
        float[] v = new float[N];
        PositionalRandom random = PositionalRandom.of(7, "values");
        for (int i = 0; i < N; i++) {
            v[i] = (int) (random.uniform(i) * 64) * 0.125f * (i % 3 == 0 ? -1 : 1);
        }
        return v;
    }

    /** {@link #representative} with a first chunk far below every magnitude after it. */
    private static float[] misleadingFirstChunk() {
        float[] v = representative();
        for (int i = 0; i < CHUNK; i++) {
            v[i] = 0.001f * (i % 7);
        }
        return v;
    }

    /** Selects every rank of {@link #RANKS} in v, checks each cut-off against a full sort, returns the scans taken. */
    private static int scansToSelectExactly(float[] v) throws Exception {
        ArrayTensor tensor = new ArrayTensor(v);
        RankCutoff[][] cutoffs = RankSelection.select(tensor, 1, tensor::fill, new long[][] {toLongs(RANKS)});
        for (int t = 0; t < RANKS.length; t++) {
            assertEquals(SortedRanks.cutoffAt(v, RANKS[t]), cutoffs[0][t], "rank " + RANKS[t]);
        }
        return tensor.scans;
    }

    @Test
    void findsEveryRankExactlyInOneScanWhenTheFirstChunkIsLikeTheRest() throws Exception {
        assertEquals(1, scansToSelectExactly(representative()));
    }

    @Test
    void histogramsTheTensorInTwoMoreScansWhenTheFirstChunkMisleads() throws Exception {
        assertEquals(3, scansToSelectExactly(misleadingFirstChunk()));
    }

    @Test
    void rescansOnlyTheStreamsWhoseFirstChunkMisled() throws Exception {
        float[] alike = representative();
        float[] misleading = misleadingFirstChunk();
        ArrayTensor tensor = new ArrayTensor(alike, misleading);
        RankCutoff[][] cutoffs = RankSelection.select(tensor, 2, tensor::fill, new long[][] {{6_000}, {6_000}});
        assertEquals(SortedRanks.cutoffAt(alike, 6_000), cutoffs[0][0]);
        assertEquals(SortedRanks.cutoffAt(misleading, 6_000), cutoffs[1][0]);
        assertEquals(3, tensor.scans);
        assertEquals(List.of(N / CHUNK, 3 * N / CHUNK), List.of(tensor.filled[0], tensor.filled[1]));
    }

    @Test
    void dropsABandThatOutgrowsItsCapAndStillSelectsExactly() throws Exception {
        float[] v = new float[RankBand.MAX_KEYS + 2 * CHUNK];
        java.util.Arrays.fill(v, 0.5f);
        v[3] = 0.25f;
        ArrayTensor tensor = new ArrayTensor(v);
        RankCutoff[][] cutoffs = RankSelection.select(tensor, 1, tensor::fill, new long[][] {{1, 1_000_000}});
        assertEquals(List.of(RankCutoff.at(Float.floatToRawIntBits(0.5f), 0), RankCutoff.at(Float.floatToRawIntBits(0.5f), 999_999)),
                List.of(cutoffs[0]));
        assertEquals(3, tensor.scans);
    }

    @Test
    void findsRanksOfATensorThatIsOneChunkInTwoScans() throws Exception {
        float[] v = java.util.Arrays.copyOf(representative(), CHUNK);
        ArrayTensor tensor = new ArrayTensor(v);
        RankCutoff[][] cutoffs = RankSelection.select(tensor, 1, tensor::fill, new long[][] {{1, 500, 999}});
        assertEquals(List.of(SortedRanks.cutoffAt(v, 1), SortedRanks.cutoffAt(v, 500), SortedRanks.cutoffAt(v, 999)), List.of(cutoffs[0]));
        assertEquals(2, tensor.scans);
    }

    @Test
    void ranksAtTheEndsNeedNoScan() throws Exception {
        ArrayTensor tensor = new ArrayTensor(representative());
        RankCutoff[][] cutoffs = RankSelection.select(tensor, 1, tensor::fill, new long[][] {{0, N}});
        assertEquals(List.of(RankCutoff.ALL, RankCutoff.NONE), List.of(cutoffs[0]));
        assertEquals(0, tensor.scans);
    }

    private static long[] toLongs(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** Streams of keys |v| served from memory in chunks of {@value CHUNK}, counting the scans and each stream's chunks. */
    private static final class ArrayTensor implements TensorMerge {
        private final float[][] streams;
        private final float[] values;
        private final float[] work = new float[CHUNK];
        final int[] filled;
        int scans;

        ArrayTensor(float[]... streams) {
            this.streams = streams;
            this.values = streams[0];
            this.filled = new int[streams.length];
        }

        void fill(Chunk chunk, int stream, float[] keys) {
            filled[stream]++;
            for (int i = 0; i < chunk.length; i++) {
                keys[i] = Math.abs(streams[stream][(int) chunk.offset + i]);
            }
        }

        @Override
        public void scan(ChunkVisitor visitor) throws java.io.IOException {
            scans++;
            Chunk chunk = new Chunk();
            chunk.rowLength = CHUNK;
            for (int offset = 0; offset < values.length; offset += CHUNK) {
                chunk.offset = offset;
                chunk.length = Math.min(CHUNK, values.length - offset);
                visitor.visit(chunk);
            }
        }

        @Override
        public float[] work(int slot) {
            return work;
        }

        @Override
        public String name() {
            return "t";
        }

        @Override
        public Shape shape() {
            return new Shape(new long[] {values.length});
        }

        @Override
        public int rowLength() {
            return CHUNK;
        }

        @Override
        public int models() {
            return 1;
        }

        @Override
        public boolean hasBase() {
            return false;
        }

        @Override
        public double param(int model, String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public double global(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PositionalRandom random(int model) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(ChunkWriter writer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScratchTensor scratch() {
            throw new UnsupportedOperationException();
        }
    }
}
