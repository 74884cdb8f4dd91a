package dev.skillmerge.merge.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.merge.testing.Merges;
import dev.skillmerge.merge.testing.TinyModel;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a config or its models can be wrong gives one line naming the config and the problem. */
class PlanErrorsTest {
    @TempDir
    Path dir;
    Path base;
    Path a;

    @BeforeEach
    void models() throws Exception {
        base = TinyModel.at(dir.resolve("base")).tensor("w", 0, 0).tensor("b", 1).write();
        a = TinyModel.at(dir.resolve("a")).tensor("w", 1, 1).tensor("b", 2).write();
    }

    private String error(String yaml) throws Exception {
        String message = Merges.error(dir, yaml);
        assertTrue(message.startsWith(dir.resolve("out.yml").toString() + ": "), message);
        assertTrue(!message.contains("\n"), message);
        return message.substring(dir.resolve("out.yml").toString().length() + 2);
    }

    @Test
    void anUnknownMethodSuggestsTheNearestName() throws Exception {
        String m = error("merge_method: tie\nmodels: [{model: %s}]".formatted(a));
        assertTrue(m.startsWith("unknown merge_method 'tie'; did you mean 'ties'? (valid: linear, task_arithmetic, ties,"), m);
    }

    @Test
    void anUnknownParameterSuggestsTheNearestName() throws Exception {
        assertTrue(error("""
                merge_method: ties
                base_model: %s
                models: [{model: %s, parameters: {weight: 1, densty: 0.5}}]
                """.formatted(base, a)).startsWith("models[0].parameters: merge_method ties has no parameter 'densty'; did you mean 'density'?"));
    }

    @Test
    void anUnknownTopLevelKeySuggestsTheNearestKey() throws Exception {
        assertTrue(error("merge_method: ties\nbase_modle: x\nmodels: [{model: %s}]".formatted(a))
                .startsWith("unknown key 'base_modle' at top level; did you mean 'base_model'?"));
    }

    @Test
    void aWholeMergeParameterInsideAModelIsRejected() throws Exception {
        assertEquals("models[0].parameters: 'normalize' applies to the whole merge; set it under the top-level or slice parameters", error("""
                merge_method: ties
                base_model: %s
                models: [{model: %s, parameters: {weight: 1, normalize: true}}]
                """.formatted(base, a)));
    }

    @Test
    void anOutOfRangeDensityNamesTheModelAndTensor() throws Exception {
        assertEquals("density = 1.5 is outside [0, 1] for model " + a + " at tensor 'b'", error("""
                merge_method: ties
                base_model: %s
                models: [{model: %s, parameters: {weight: 1, density: 1.5}}]
                """.formatted(base, a)));
    }

    @Test
    void aSlerpTOutsideZeroToOneIsRejected() throws Exception {
        assertEquals("t = 2.0 is outside [0, 1] at tensor 'b'", error("""
                merge_method: slerp
                base_model: %s
                parameters: {t: 2}
                models: [{model: %s}]
                """.formatted(base, a)));
    }

    @Test
    void aMissingRequiredWeightIsNamed() throws Exception {
        assertEquals("merge_method ties needs 'weight' for model " + a + " (no value matches tensor 'b')", error("""
                merge_method: ties
                base_model: %s
                models: [{model: %s}]
                """.formatted(base, a)));
    }

    @Test
    void taskVectorMethodsNeedABaseModel() throws Exception {
        assertEquals("merge_method task_arithmetic needs base_model", error("""
                merge_method: task_arithmetic
                models: [{model: %s, parameters: {weight: 1}}]
                """.formatted(a)));
    }

    @Test
    void slerpTakesExactlyOneModelBesidesTheBase() throws Exception {
        Path b = TinyModel.at(dir.resolve("b")).tensor("w", 2, 2).tensor("b", 3).write();
        assertEquals("merge_method slerp merges exactly 1 model(s) besides the base, got 2", error("""
                merge_method: slerp
                base_model: %s
                parameters: {t: 0.5}
                models: [{model: %s}, {model: %s}]
                """.formatted(base, a, b)));
    }

    @Test
    void differentModelTypesNeedAllowCrimes() throws Exception {
        Path mistral = TinyModel.at(dir.resolve("mistral")).modelType("mistral").tensor("w", 1, 1).tensor("b", 2).write();
        String yaml = """
                merge_method: linear
                models: [{model: %s, parameters: {weight: 1}}, {model: %s, parameters: {weight: 1}}]
                """.formatted(a, mistral);
        assertEquals("model " + mistral + " has model_type mistral but " + a + " has llama; pass --allow-crimes to merge different"
                + " architectures anyway", error(yaml));
        Merges.run(dir, yaml, new MergeOptions(true, false, false, 0), 1, "crimes");
    }

    @Test
    void aTensorMissingFromOneModelIsNamedAndAllowMissingTakesTheBase() throws Exception {
        Path partial = TinyModel.at(dir.resolve("partial")).tensor("w", 5, 5).write();
        String yaml = """
                merge_method: task_arithmetic
                base_model: %s
                models: [{model: %s, parameters: {weight: 1}}]
                """.formatted(base, partial);
        assertEquals("tensor 'b' is missing from model " + partial + " (pass --allow-missing to take it from the base)", error(yaml));
        Path out = Merges.run(dir, yaml, new MergeOptions(false, true, false, 0), 1, "allowed");
        assertEquals(1f, TinyModel.read(out, "b")[0]);
    }

    @Test
    void aShapeMismatchNamesBothShapes() throws Exception {
        Path wide = TinyModel.at(dir.resolve("wide")).tensor("w", 1, 1, 1).tensor("b", 2).write();
        assertEquals("tensor 'w' is [3] in " + wide + " but [2] in " + base, error("""
                merge_method: task_arithmetic
                base_model: %s
                models: [{model: %s, parameters: {weight: 1}}]
                """.formatted(base, wide)));
    }

    @Test
    void differentVocabularySizesAreExplainedAndCanMergeTheCommonRows() throws Exception {
        Path b3 = TinyModel.at(dir.resolve("b3")).tensor("model.embed_tokens.weight", Shape.of(3, 2), 0, 0, 0, 0, 0, 0).write();
        Path e2 = TinyModel.at(dir.resolve("e2")).tensor("model.embed_tokens.weight", Shape.of(2, 2), 1, 1, 1, 1).write();
        String yaml = """
                merge_method: task_arithmetic
                base_model: %s
                models: [{model: %s, parameters: {weight: 1}}]
                """.formatted(b3, e2);
        assertEquals("tensor 'model.embed_tokens.weight' is [2, 2] in " + e2 + " but [3, 2] in " + b3
                + ": the vocabulary sizes differ; pass --allow-vocab-mismatch to merge the common rows", error(yaml));
        Path out = Merges.run(dir, yaml, new MergeOptions(false, false, true, 0), 1, "vocab");
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1, 1, 1, 1, 0, 0}, TinyModel.read(out, "model.embed_tokens.weight"));
    }

    @Test
    void aHubIdSaysToDownloadFirst() throws Exception {
        String m = Merges.error(dir, """
                merge_method: linear
                models: [{model: mistralai/Mistral-7B-v0.1, parameters: {weight: 1}}]
                """);
        assertEquals("mistralai/Mistral-7B-v0.1: no such folder; it looks like a Hugging Face hub id: download it first"
                + " (huggingface-cli download mistralai/Mistral-7B-v0.1 --local-dir DIR) and pass the folder", m);
    }

    @Test
    void dellaNeedsDensityPlusMinusEpsilonInsideZeroToOne() throws Exception {
        assertTrue(error("""
                merge_method: della
                base_model: %s
                models: [{model: %s, parameters: {weight: 1, density: 0.1, epsilon: 0.2}}]
                """.formatted(base, a)).contains("della needs 0 < density +/- epsilon < 1"));
    }

    @Test
    void unsupportedTokenizerSourcesAreErrorsNotIgnored() throws Exception {
        assertEquals("tokenizer_source 'union' is not supported: use 'base' or one of the input models (building a union vocabulary"
                + " is not implemented)", error("""
                merge_method: linear
                tokenizer_source: union
                models: [{model: %s, parameters: {weight: 1}}]
                """.formatted(a)));
    }

    @Test
    void modelsAndSlicesAreMutuallyExclusive() throws Exception {
        assertEquals("needs exactly one of 'models' and 'slices'", error("merge_method: linear\nbase_model: x"));
    }

    @Test
    void malformedYamlNamesTheLine() throws Exception {
        assertTrue(error("merge_method: linear\nmodels: [\n  - bad").startsWith("not valid YAML/JSON"));
    }
}
