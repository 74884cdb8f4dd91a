package dev.skillmerge.merge.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.skillmerge.merge.testing.Merges;
import dev.skillmerge.merge.testing.TinyModel;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gradients over layers, name filters and the precedence of parameter levels, checked through merged values. */
class ParameterResolutionTest {
    @TempDir
    Path dir;
    Path base;
    Path expert;
    int merges;

    /** Three layers plus an embedding; every expert entry is base + 1, so the merged value is the weight. */
    @BeforeEach
    void models() throws Exception {
        base = layered("base", 0);
        expert = layered("expert", 1);
    }

    private Path layered(String name, float value) throws Exception {
        TinyModel m = TinyModel.at(dir.resolve(name)).layers(3).tensor("model.embed_tokens.weight", value);
        for (int i = 0; i < 3; i++) {
            m.tensor("model.layers." + i + ".mlp.down_proj.weight", value);
            m.tensor("model.layers." + i + ".self_attn.q_proj.weight", value);
        }
        return m.write();
    }

    private float[] weights(String parameters, String modelParameters) throws Exception {
        Path out = Merges.run(dir, """
                merge_method: task_arithmetic
                base_model: %s
                parameters: %s
                models:
                  - model: %s
                    parameters: %s
                """.formatted(base, parameters, expert, modelParameters), MergeOptions.DEFAULT, 1, "out" + merges++);
        float[] w = new float[7];
        w[0] = TinyModel.read(out, "model.embed_tokens.weight")[0];
        for (int i = 0; i < 3; i++) {
            w[1 + i] = TinyModel.read(out, "model.layers." + i + ".mlp.down_proj.weight")[0];
            w[4 + i] = TinyModel.read(out, "model.layers." + i + ".self_attn.q_proj.weight")[0];
        }
        return w;
    }

    @Test
    void aGradientIsInterpolatedOverLayersAndTensorsOutsideLayersTakeTheFirstValue() throws Exception {
        // layer t = 0, 0.5, 1 over the points [0, 1] ; embed -> first value
        assertArrayEquals(new float[] {0, 0, 0.5f, 1, 0, 0.5f, 1}, weights("{}", "{weight: [0, 1]}"));
        // three points: t = 0.5 lands on the middle one
        assertArrayEquals(new float[] {0.2f, 0.2f, 0.8f, 0.4f, 0.2f, 0.8f, 0.4f}, weights("{}", "{weight: [0.2, 0.8, 0.4]}"));
    }

    @Test
    void theFirstMatchingFilterWinsAndAnEntryWithoutFilterIsTheCatchAll() throws Exception {
        assertArrayEquals(new float[] {0.3f, 0.1f, 0.1f, 0.1f, 0.2f, 0.2f, 0.2f},
                weights("{}", "{weight: [{filter: mlp, value: 0.1}, {filter: layers, value: 0.2}, {value: 0.3}]}"));
    }

    @Test
    void aFilterValueCanItselfBeAGradient() throws Exception {
        assertArrayEquals(new float[] {1, 0, 0.5f, 1, 1, 1, 1}, weights("{}", "{weight: [{filter: mlp, value: [0, 1]}, {value: 1}]}"));
    }

    @Test
    void modelParametersOverrideTopLevelOnesWhichApplyToEveryModel() throws Exception {
        assertArrayEquals(new float[] {0.7f, 0.7f, 0.7f, 0.7f, 0.7f, 0.7f, 0.7f}, weights("{weight: 0.7}", "{}"));
        assertArrayEquals(new float[] {0.2f, 0.2f, 0.2f, 0.2f, 0.2f, 0.2f, 0.2f}, weights("{weight: 0.7}", "{weight: 0.2}"));
    }

    @Test
    void aFilterWithoutMatchFallsBackToTheNextLevel() throws Exception {
        assertArrayEquals(new float[] {0.7f, 0.1f, 0.1f, 0.1f, 0.7f, 0.7f, 0.7f}, weights("{weight: 0.7}", "{weight: [{filter: mlp, value: 0.1}]}"));
    }

    @Test
    void sliceSourceParametersBeatSliceParametersWhichBeatTopLevel() throws Exception {
        Path out = Merges.run(dir, """
                merge_method: task_arithmetic
                base_model: %s
                parameters: {weight: 0.1}
                slices:
                  - sources:
                      - {model: %s, layer_range: [0, 2]}
                      - {model: %s, layer_range: [0, 2], parameters: {weight: 0.5}}
                    parameters: {weight: 0.3}
                  - sources:
                      - {model: %s, layer_range: [2, 3]}
                      - {model: %s, layer_range: [2, 3]}
                    parameters: {weight: 0.3}
                """.formatted(base, base, expert, base, expert), MergeOptions.DEFAULT, 1, "sliced");
        assertArrayEquals(new float[] {0.5f}, TinyModel.read(out, "model.layers.0.mlp.down_proj.weight"));
        assertArrayEquals(new float[] {0.5f}, TinyModel.read(out, "model.layers.1.mlp.down_proj.weight"));
        assertArrayEquals(new float[] {0.3f}, TinyModel.read(out, "model.layers.2.mlp.down_proj.weight"));
    }
}
