package dev.skillmerge.merge.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.merge.plan.MergeOptions;
import dev.skillmerge.merge.testing.Merges;
import dev.skillmerge.merge.testing.TinyModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every method against values computed by hand on small tensors; exact in float32 unless noted. */
class MergeMethodValuesTest {
    @TempDir
    Path dir;

    private Path model(String name, float... values) throws Exception {
        return TinyModel.at(dir.resolve(name)).tensor("w", values).write();
    }

    private int merges;

    private float[] merged(String yaml) throws Exception {
        return TinyModel.read(Merges.run(dir, yaml, MergeOptions.DEFAULT, 2, "out" + merges++), "w");
    }

    @Test
    void linearIsTheWeightedMeanWhenNormalized() throws Exception {
        Path a = model("a", 1, 2, 3, 4);
        Path b = model("b", 3, 2, 1, 0);
        assertArrayEquals(new float[] {2.5f, 2f, 1.5f, 1f}, merged("""
                merge_method: linear
                models:
                  - {model: %s, parameters: {weight: 1}}
                  - {model: %s, parameters: {weight: 3}}
                """.formatted(a, b)));
        assertArrayEquals(new float[] {10, 8, 6, 4}, merged("""
                merge_method: linear
                parameters: {normalize: false}
                models:
                  - {model: %s, parameters: {weight: 1}}
                  - {model: %s, parameters: {weight: 3}}
                """.formatted(a, b)));
    }

    @Test
    void taskArithmeticAddsWeightedTaskVectorsScaledByLambda() throws Exception {
        Path base = model("base", 1, 1, 1, 1);
        Path a = model("a", 2, 0, 1, 3);   // delta 1, -1, 0, 2
        Path b = model("b", 1, 3, 1, 1);   // delta 0,  2, 0, 0
        // 0.5*dA + 1*dB = 0.5, 1.5, 0, 1
        assertArrayEquals(new float[] {1.5f, 2.5f, 1f, 2f}, merged("""
                merge_method: task_arithmetic
                base_model: %s
                models:
                  - {model: %s, parameters: {weight: 0.5}}
                  - {model: %s, parameters: {weight: 1.0}}
                """.formatted(base, a, b)));
        assertArrayEquals(new float[] {2f, 4f, 1f, 3f}, merged("""
                merge_method: task_arithmetic
                base_model: %s
                parameters: {lambda: 2}
                models:
                  - {model: %s, parameters: {weight: 0.5}}
                  - {model: %s, parameters: {weight: 1.0}}
                """.formatted(base, a, b)));
    }

    @Test
    void tiesTrimsElectsSignsAndAveragesAgreeingEntries() throws Exception {
        Path base = model("base", 0, 0, 0, 0);
        Path a = model("a", 1, -3, 2, -0.5f);  // top-2 |delta|: -3, 2
        Path b = model("b", -2, 1, 1, 4);      // top-2: -2, 4
        Path c = model("c", 3, 2, -1, 0.25f);  // top-2: 3, 2
        // trimmed: a = 0,-3,2,0  b = -2,0,0,4  c = 3,2,0,0 ; weights 1, 1, 2
        // u: a = 0,-3,2,0  b = -2,0,0,4  c = 6,4,0,0 ; sums 4, 1, 2, 4 -> all positive
        // agreeing: pos0 c (6, w2) -> 6/2 = 3 ; pos1 c (4, w2) -> 2 ; pos2 a (2, w1) -> 2 ; pos3 b (4, w1) -> 4
        assertArrayEquals(new float[] {3, 2, 2, 4}, merged("""
                merge_method: ties
                base_model: %s
                parameters: {density: 0.5}
                models:
                  - {model: %s, parameters: {weight: 1}}
                  - {model: %s, parameters: {weight: 1}}
                  - {model: %s, parameters: {weight: 2}}
                """.formatted(base, a, b, c)));
    }

    @Test
    void tiesKeepsExactlyIntDensityTimesNOfTheLargestMagnitudesBreakingTiesByPosition() throws Exception {
        Path base = model("base", 0, 0, 0, 0, 0, 0, 0);
        Path a = model("a", 1, 1, 1, 1, 5, -1, 0.5f);
        // int(0.5 * 7) = 3: 5 and the last two of the equal |1| entries (positions 3 and 5)
        assertArrayEquals(new float[] {0, 0, 0, 1, 5, -1, 0}, merged("""
                merge_method: ties
                base_model: %s
                parameters: {density: 0.5}
                models:
                  - {model: %s, parameters: {weight: 1}}
                """.formatted(base, a)));
    }

    @Test
    void breadcrumbsDropsTopOutliersAndSmallEntries() throws Exception {
        float[] values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        Path base = model("base", new float[10]);
        Path a = model("a", values);
        // n = 10, density 0.5 -> target 5, gamma 0.1 -> n_top 1, n_bot 4: keep ranks 4..8 = values 5..9
        assertArrayEquals(new float[] {0, 0, 0, 0, 5, 6, 7, 8, 9, 0}, merged("""
                merge_method: breadcrumbs
                base_model: %s
                parameters: {density: 0.5, gamma: 0.1}
                models:
                  - {model: %s, parameters: {weight: 1}}
                """.formatted(base, a)));
    }

    @Test
    void breadcrumbsKeepsMergekitsZeroedTaskVectorWhenGammaTimesNIsBelowOneUnlessFixed() throws Exception {
        Path base = model("base", new float[10]);
        Path a = model("a", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        String config = """
                merge_method: breadcrumbs
                base_model: %s
                parameters: {density: 0.5, gamma: 0.01%s}
                models:
                  - {model: %s, parameters: {weight: 1}}
                """;
        assertArrayEquals(new float[10], merged(config.formatted(base, "", a)));
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 6, 7, 8, 9, 10}, merged(config.formatted(base, ", fix_empty_top: true", a)));
    }

    @Test
    void slerpFollowsTheGreatCircleForUnnormalizedTensors() throws Exception {
        Path v0 = model("v0", 2, 0);
        Path v1 = model("v1", 0, 3);
        float[] out = merged("""
                merge_method: slerp
                base_model: %s
                parameters: {t: 0.5}
                models: [{model: %s}]
                """.formatted(v0, v1));
        double s = Math.sin(Math.PI / 4); // sin(t * pi/2) / sin(pi/2)
        assertArrayEquals(new float[] {(float) s * 2, (float) s * 3}, out);
    }

    @Test
    void slerpOfNearlyParallelTensorsIsLinear() throws Exception {
        Path v0 = model("v0", 1, 1);
        Path v1 = model("v1", 3, 3);
        assertArrayEquals(new float[] {1.5f, 1.5f}, merged("""
                merge_method: slerp
                base_model: %s
                parameters: {t: 0.25}
                models: [{model: %s}]
                """.formatted(v0, v1)));
    }

    @Test
    void modelStockInterpolatesByTheAngleBetweenTaskVectors() throws Exception {
        Path base = model("base", 0, 0);
        Path a = model("a", 1, 1);
        Path b = model("b", 1, 0);
        double cos = 1 / Math.sqrt(2);
        float t = (float) (2 * cos / (1 + cos));
        float[] out = merged("""
                merge_method: model_stock
                base_model: %s
                models: [{model: %s}, {model: %s}]
                """.formatted(base, a, b));
        assertArrayEquals(new float[] {t * 1f, t * 0.5f}, out);
    }

    @Test
    void modelStockFilterWiseInterpolatesEachRowByItsOwnAngle() throws Exception {
        Shape rows = Shape.of(2, 2);
        Path base = TinyModel.at(dir.resolve("base")).tensor("w", rows, 0, 0, 5, 5).write();
        Path a = TinyModel.at(dir.resolve("a")).tensor("w", rows, 1, 1, 6, 5).write();
        Path b = TinyModel.at(dir.resolve("b")).tensor("w", rows, 1, 0, 5, 6).write();
        double cos = 1 / Math.sqrt(2);
        float t = (float) (2 * cos / (1 + cos));
        float[] out = merged("""
                merge_method: model_stock
                base_model: %s
                parameters: {filter_wise: true}
                models: [{model: %s}, {model: %s}]
                """.formatted(base, a, b));
        assertArrayEquals(new float[] {t * 1f, t * 0.5f, 5, 5}, out);
    }

    @Test
    void modelStockOfOrthogonalTaskVectorsReturnsTheBase() throws Exception {
        Path base = model("base", 5, 5);
        Path a = model("a", 6, 5);
        Path b = model("b", 5, 6);
        assertArrayEquals(new float[] {5, 5}, merged("""
                merge_method: model_stock
                base_model: %s
                models: [{model: %s}, {model: %s}]
                """.formatted(base, a, b)));
    }

    @Test
    void nearswapTakesTheOtherValueWhereItIsWithinT() throws Exception {
        Path a = model("a", 0, 0, 0);
        Path b = model("b", 0.5f, 2, 0);
        // w = clamp(1/|a-b|): 2 -> 1, 0.5, NaN -> 1
        assertArrayEquals(new float[] {0.5f, 1f, 0f}, merged("""
                merge_method: nearswap
                base_model: %s
                parameters: {t: 1}
                models: [{model: %s}]
                """.formatted(a, b)));
    }

    @Test
    void nuslerpInterpolatesRowsWhenNotFlattened() throws Exception {
        Path a = TinyModel.at(dir.resolve("a")).tensor("w", Shape.of(2, 2), 1, 0, 2, 2).write();
        Path b = TinyModel.at(dir.resolve("b")).tensor("w", Shape.of(2, 2), 0, 1, 4, 4).write();
        float[] out = merged("""
                merge_method: nuslerp
                parameters: {nuslerp_flatten: false}
                models:
                  - {model: %s, parameters: {weight: 1}}
                  - {model: %s, parameters: {weight: 1}}
                """.formatted(a, b));
        float s = (float) Math.sin(Math.PI / 4);
        // row 0: orthogonal unit vectors, slerp midpoint; row 1: parallel rows, lerp midpoint
        assertArrayEquals(new float[] {s, s, 3, 3}, out);
    }

    @Test
    void multislerpOfOrthogonalUnitVectorsIsTheirNormalizedMidpoint() throws Exception {
        Path a = model("a", 1, 0);
        Path b = model("b", 0, 1);
        float[] out = merged("""
                merge_method: multislerp
                models:
                  - {model: %s, parameters: {weight: 1}}
                  - {model: %s, parameters: {weight: 1}}
                """.formatted(a, b));
        assertEquals(Math.sqrt(0.5), out[0], 1e-6);
        assertEquals(Math.sqrt(0.5), out[1], 1e-6);
    }

    @Test
    void karcherMeanOfTwoDirectionsIsTheirBisectorScaledByTheMeanNorm() throws Exception {
        Path a = model("a", 2, 0);
        Path b = model("b", 0, 4);
        float[] out = merged("""
                merge_method: karcher
                models: [{model: %s}, {model: %s}]
                """.formatted(a, b));
        assertEquals(3 * Math.sqrt(0.5), out[0], 1e-5);
        assertEquals(3 * Math.sqrt(0.5), out[1], 1e-5);
    }

    @Test
    void sceWeightsModelsByTheirTaskVectorEnergyAndErasesMinoritySigns() throws Exception {
        Path base = model("base", 0, 0);
        Path a = model("a", 1, -1);   // mean square 1
        Path b = model("b", 3, 3);    // mean square 9
        // w = 0.1, 0.9 ; pos0: both +, (0.1*1 + 0.9*3) / 1 = 2.8 ; pos1: sum 2 > 0, only b agrees: 0.9*3/0.9 = 3
        float[] out = merged("""
                merge_method: sce
                base_model: %s
                models: [{model: %s}, {model: %s}]
                """.formatted(base, a, b));
        assertArrayEquals(new float[] {2.8f, 3f}, out, 1e-6f);
    }

    @Test
    void passthroughCopiesAndScales() throws Exception {
        Path a = model("a", 1, -2);
        assertArrayEquals(new float[] {0.5f, -1f}, merged("""
                merge_method: passthrough
                models: [{model: %s, parameters: {scale: 0.5}}]
                """.formatted(a)));
        assertArrayEquals(new float[] {1f, -2f}, merged("""
                merge_method: passthrough
                models: [{model: %s}]
                """.formatted(a)));
    }
}
