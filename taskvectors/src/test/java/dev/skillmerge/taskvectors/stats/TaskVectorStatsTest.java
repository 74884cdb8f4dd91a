package dev.skillmerge.taskvectors.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.merge.testing.TinyModel;
import dev.skillmerge.taskvectors.testing.Synth;
import dev.skillmerge.taskvectors.testing.TaskVectorOps;
import dev.skillmerge.taskvectors.vector.TaskVector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskVectorStatsTest {
    private static final double EPS = 1e-12;

    @TempDir
    Path dir;

    /** A task vector against an all-zero base, so its deltas are exactly the given values. */
    private Path vector(String name, float[] layer0, float[] layer1, float norm) throws Exception {
        Path pre = TinyModel.at(dir.resolve(name + "-pre")).layers(2)
                .tensor("model.layers.0.mlp.w", new float[layer0.length]).tensor("model.layers.1.mlp.w", new float[layer1.length])
                .tensor("model.norm.weight", 0).write();
        Path expert = TinyModel.at(dir.resolve(name + "-expert")).layers(2)
                .tensor("model.layers.0.mlp.w", layer0).tensor("model.layers.1.mlp.w", layer1).tensor("model.norm.weight", norm).write();
        return TaskVectorOps.extract(pre, expert, DType.F32, dir.resolve(name));
    }

    private StatsReport stats(int threads, Path... folders) throws Exception {
        List<TaskVector> open = new ArrayList<>();
        try {
            for (Path f : folders) {
                open.add(TaskVector.open(f));
            }
            return TaskVectorStats.compute(open, threads, Progress.silent(0, 0));
        } finally {
            for (TaskVector v : open) {
                v.close();
            }
        }
    }

    @Test
    void normsCosinesSparsityAndSignConflictsMatchTheHandComputedValues() throws Exception {
        Path a = vector("a", new float[] {1, 0, -2, 3}, new float[] {0, 1}, 2);
        Path b = vector("b", new float[] {1, 1, 2, 0}, new float[] {0, -1}, 0);
        StatsReport r = stats(2, a, b);

        assertEquals(Math.sqrt(19), r.vectors().get(0).norm(), EPS);
        assertEquals(Math.sqrt(7), r.vectors().get(1).norm(), EPS);
        assertEquals(2.0 / 7, r.vectors().get(0).sparsity(), EPS);
        assertEquals(3.0 / 7, r.vectors().get(1).sparsity(), EPS);
        StatsReport.Pair pair = r.pairs().getFirst();
        assertEquals(-4 / Math.sqrt(19 * 7), pair.cosine(), EPS);
        assertEquals(3, pair.bothNonzero());
        assertEquals(2.0 / 3, pair.signConflict(), EPS);   // (-2, 2) and (1, -1) disagree, (1, 1) agrees

        assertEquals(List.of("0", "1", "other"), r.layers().stream().map(StatsReport.Layer::layer).toList());
        StatsReport.Layer layer0 = r.layers().get(0);
        assertArrayEquals(new double[] {Math.sqrt(14), Math.sqrt(6)}, layer0.norms(), EPS);
        assertArrayEquals(new double[] {-3 / Math.sqrt(84)}, layer0.cosines(), EPS);
        assertArrayEquals(new double[] {0.5}, layer0.signConflicts(), EPS);
        assertArrayEquals(new double[] {-1}, r.layers().get(1).cosines(), EPS);
        assertArrayEquals(new double[] {0}, r.layers().get(2).cosines(), EPS);   // b is zero there: no direction

        List<StatsReport.TensorNorm> largest = r.vectors().get(0).largest();
        assertEquals(List.of("model.layers.0.mlp.w", "model.norm.weight", "model.layers.1.mlp.w"), largest.stream().map(StatsReport.TensorNorm::tensor).toList());
        assertEquals(14.0 / 19, largest.getFirst().shareOfSquares(), EPS);
    }

    @Test
    void theAllVectorsConflictRateCountsCoordinatesWhereAnyTwoNonzeroEntriesDisagree() throws Exception {
        Path a = vector("a", new float[] {1, 1, 0, -1}, new float[] {0, 0}, 0);
        Path b = vector("b", new float[] {1, -1, 0, 0}, new float[] {0, 0}, 0);
        Path c = vector("c", new float[] {0, 0, 5, 1}, new float[] {0, 0}, 0);
        StatsReport r = stats(1, a, b, c);
        // contested: positions 0 (a, b), 1 (a, b), 3 (a, c); signs disagree at 1 and 3
        assertEquals(3, r.overall().contested());
        assertEquals(2.0 / 3, r.overall().rate(), EPS);
        assertEquals(List.of("0-1", "0-2", "1-2"), r.pairs().stream().map(p -> p.a() + "-" + p.b()).toList());
    }

    @Test
    void theFiguresDoNotDependOnTheThreadCount() throws Exception {
        Path pre = Synth.base(dir.resolve("pre"), DType.BF16);
        Path a = TaskVectorOps.extract(pre, Synth.expert(pre, dir.resolve("ea"), 1, 0.002f), DType.F32, dir.resolve("a"));
        Path b = TaskVectorOps.extract(pre, Synth.expert(pre, dir.resolve("eb"), 2, 0.002f), DType.F32, dir.resolve("b"));
        assertEquals(StatsJson.render(stats(1, a, b)), StatsJson.render(stats(2, a, b)));
    }

    /** Values in [-1, 1) with about a quarter of them zero, from a fixed seed. */
    private static float[] sparseNoise(int n, long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextInt(4) == 0 ? 0 : random.nextFloat() * 2 - 1;
        }
        return x;
    }

    @Test
    void aPairsFiguresAreTheSameAmongTwoThreeOrFourVectors() throws Exception {
        // 4,196 coordinates: a whole block, a word and a half, and a tail shorter than any vector
        List<Path> folders = new ArrayList<>();
        for (int v = 0; v < 4; v++) {
            folders.add(vector("v" + v, sparseNoise(4096 + 100, v), sparseNoise(37, 10 + v), v));
        }
        StatsReport two = stats(1, folders.subList(0, 2).toArray(Path[]::new));
        for (int k = 3; k <= 4; k++) {
            StatsReport more = stats(1, folders.subList(0, k).toArray(Path[]::new));
            assertEquals(two.pairs().getFirst(), more.pairs().getFirst());
            for (int v = 0; v < 2; v++) {
                assertEquals(two.vectors().get(v).norm(), more.vectors().get(v).norm());
                assertEquals(two.vectors().get(v).sparsity(), more.vectors().get(v).sparsity());
            }
            for (int layer = 0; layer < 2; layer++) {
                assertEquals(two.layers().get(layer).cosines()[0], more.layers().get(layer).cosines()[0]);
                assertEquals(two.layers().get(layer).norms()[1], more.layers().get(layer).norms()[1]);
            }
        }
    }

    /** Coordinate i of vector v: zero, or a small value whose squares and products are exact in float. */
    private static float patterned(int v, int i) {
        return switch (v) {
            case 0 -> i % 3 == 0 ? 0 : i % 2 == 0 ? 1 : -1;
            case 1 -> i % 5 == 0 ? 0 : i % 7 < 3 ? 2 : -1;
            case 2 -> i % 4 == 0 ? 0 : i % 11 < 5 ? -0.5f : 1;
            default -> i % 6 == 0 ? 0 : i % 13 < 4 ? -2 : 0.5f;
        };
    }

    @Test
    void sumsAndCountsOverSeveralBlocksMatchAPlainLoop() throws Exception {
        // two blocks and a partial one in layer 0, 37 coordinates in layer 1, the norm weight zero: every
        // kernel path (three vectors fused, four one pass per vector and pair) against a loop over the values
        int[] lengths = {2 * 4096 + 100, 37};
        for (int k = 3; k <= 4; k++) {
            List<Path> folders = new ArrayList<>();
            List<float[]> all = new ArrayList<>();
            for (int v = 0; v < k; v++) {
                float[] layer0 = new float[lengths[0]];
                float[] layer1 = new float[lengths[1]];
                float[] flat = new float[lengths[0] + lengths[1] + 1];
                for (int i = 0; i < flat.length - 1; i++) {
                    flat[i] = patterned(v, i);
                    if (i < lengths[0]) {
                        layer0[i] = flat[i];
                    } else {
                        layer1[i - lengths[0]] = flat[i];
                    }
                }
                folders.add(vector("k" + k + "v" + v, layer0, layer1, 0));
                all.add(flat);
            }
            StatsReport r = stats(2, folders.toArray(Path[]::new));

            int n = all.getFirst().length;
            double[] squares = new double[k];
            long[] zeros = new long[k];
            for (int v = 0; v < k; v++) {
                for (float x : all.get(v)) {
                    squares[v] += x * x;
                    zeros[v] += x == 0 ? 1 : 0;
                }
                assertEquals(Math.sqrt(squares[v]), r.vectors().get(v).norm(), 0);
                assertEquals((double) zeros[v] / n, r.vectors().get(v).sparsity(), 0);
            }
            int p = 0;
            for (int a = 0; a < k; a++) {
                for (int b = a + 1; b < k; b++, p++) {
                    double dot = 0;
                    long both = 0;
                    long opposite = 0;
                    for (int i = 0; i < n; i++) {
                        float x = all.get(a)[i];
                        float y = all.get(b)[i];
                        dot += x * y;
                        if (x != 0 && y != 0) {
                            both++;
                            opposite += (x < 0) != (y < 0) ? 1 : 0;
                        }
                    }
                    StatsReport.Pair pair = r.pairs().get(p);
                    assertEquals(dot / (Math.sqrt(squares[a]) * Math.sqrt(squares[b])), pair.cosine(), EPS);
                    assertEquals(both, pair.bothNonzero());
                    assertEquals((double) opposite / both, pair.signConflict(), EPS);
                }
            }
            long contested = 0;
            long conflicted = 0;
            for (int i = 0; i < n; i++) {
                int nonzero = 0;
                boolean positive = false;
                boolean negative = false;
                for (float[] x : all) {
                    nonzero += x[i] != 0 ? 1 : 0;
                    positive |= x[i] > 0;
                    negative |= x[i] < 0;
                }
                contested += nonzero >= 2 ? 1 : 0;
                conflicted += nonzero >= 2 && positive && negative ? 1 : 0;
            }
            assertEquals(contested, r.overall().contested());
            assertEquals((double) conflicted / contested, r.overall().rate(), EPS);
        }
    }

    @Test
    void tablesCsvAndHeatmapShowTheSameFigures() throws Exception {
        Path a = vector("science", new float[] {1, 0, -2, 3}, new float[] {0, 1}, 2);
        Path b = vector("code", new float[] {1, 1, 2, 0}, new float[] {0, -1}, 0);
        StatsReport r = stats(1, a, b);

        String csv = StatsCsv.render(r);
        assertEquals("layer,norm_0,norm_1,cosine_0_1,sign_conflict_0_1", csv.lines().findFirst().orElseThrow());
        assertEquals("1,1.00000000,1.00000000,-1.00000000,1.00000000", csv.lines().toList().get(3));

        String table = StatsTable.render(r);
        assertTrue(table.contains("  0-1    -0.34684   66.67%         3"), table);

        String svg = CosineHeatmap.render(r);
        assertTrue(svg.contains("fill=\"#2166ac\" stroke=\"#ddd\"><title>science vs code, layer 1: cosine -1.000000</title>"), svg);
        assertEquals(3, svg.split("<title>", -1).length - 1);
    }

    @Test
    void aHeatmapNeedsTwoVectors() throws Exception {
        StatsReport one = stats(1, vector("a", new float[] {1}, new float[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> CosineHeatmap.render(one));
    }

    @Test
    void colourIsWhiteAtZeroRedWhenAlignedBlueWhenOpposed() {
        assertEquals("#ffffff", CosineHeatmap.colour(0));
        assertEquals("#b2182b", CosineHeatmap.colour(1));
        assertEquals("#2166ac", CosineHeatmap.colour(-1));
        assertEquals("#d98c95", CosineHeatmap.colour(0.5));
    }
}
