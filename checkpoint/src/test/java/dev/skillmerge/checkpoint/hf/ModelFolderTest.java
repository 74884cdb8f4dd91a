package dev.skillmerge.checkpoint.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.synth.SynthShape;
import dev.skillmerge.checkpoint.synth.SyntheticCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFolderTest {
    @TempDir
    Path dir;

    static final SynthShape TINY = new SynthShape(64, 32, 96, 3, 2, 1, false);

    @Test
    void shardedWeightsAreSplitByMaximumSizeAndIndexed() throws Exception {
        Path model = dir.resolve("m");
        Files.createDirectory(model);
        // each layer holds 4*32*... bytes; a 20 kB limit forces several shards
        SyntheticCheckpoint.writeBase(TINY, DType.F32, 1, 20_000, 2, model, Progress.silent(0, 0));
        ShardIndex index = ShardIndex.read(model.resolve(ShardIndex.FILE_NAME));
        try (ModelFolder folder = ModelFolder.open(model)) {
            assertTrue(folder.isSharded());
            long shards = folder.weightFiles().stream().filter(p -> p.toString().endsWith(".safetensors")).count();
            assertEquals(shards, index.weightMap().values().stream().distinct().count());
            assertEquals(folder.totalBytes(), index.totalSize());
            assertEquals(TINY.parameterCount() * 4, folder.totalBytes());
            assertTrue(index.weightMap().containsValue(String.format("model-%05d-of-%05d.safetensors", shards, shards)));
            assertEquals(TINY.tensors(DType.F32).size(), folder.tensors().size());
            assertEquals("model.embed_tokens.weight", folder.tensors().getFirst().name());
            assertEquals("lm_head.weight", folder.tensors().getLast().name());
        }
    }

    @Test
    void tensorsAreOrderedByLayerNumberNotAlphabetically() {
        List<String> names = new java.util.ArrayList<>(List.of("model.layers.10.mlp.weight", "lm_head.weight", "model.layers.2.mlp.weight",
                "model.norm.weight", "model.embed_tokens.weight"));
        names.sort(TensorNameOrder.INSTANCE);
        assertEquals(List.of("model.embed_tokens.weight", "model.layers.2.mlp.weight", "model.layers.10.mlp.weight",
                "model.norm.weight", "lm_head.weight"), names);
    }

    @Test
    void numbersWithLeadingZerosOrderByValueAndStayDistinctNames() {
        List<String> names = new java.util.ArrayList<>(List.of("layers.010.w", "layers.9.w", "layers.10.w", "layers.00.w", "layers.0.w"));
        names.sort(TensorNameOrder.INSTANCE);
        assertEquals(List.of("layers.0.w", "layers.00.w", "layers.9.w", "layers.010.w", "layers.10.w"), names);
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(TensorNameOrder.INSTANCE);
        keys.addAll(names);
        assertEquals(5, keys.size());
    }

    @Test
    void tiedEmbeddingsComeFromConfigOrAMissingHead() throws Exception {
        Path tied = dir.resolve("tied");
        Files.createDirectory(tied);
        SyntheticCheckpoint.writeBase(new SynthShape(64, 32, 96, 1, 2, 2, true), DType.F32, 1, Long.MAX_VALUE, 1, tied, Progress.silent(0, 0));
        try (ModelFolder folder = ModelFolder.open(tied)) {
            assertTrue(folder.tiedEmbeddings());
            assertFalse(folder.tensor("lm_head.weight").isPresent());
            assertFalse(folder.isSharded());
        }
    }

    @Test
    void tagAlongFilesAreEverythingButWeightsAndConfig() throws Exception {
        Path model = dir.resolve("m");
        Files.createDirectory(model);
        SyntheticCheckpoint.writeBase(TINY, DType.BF16, 1, Long.MAX_VALUE, 1, model, Progress.silent(0, 0));
        Files.writeString(model.resolve("tokenizer.json"), "{}");
        Files.writeString(model.resolve("README.md"), "# card");
        try (ModelFolder folder = ModelFolder.open(model)) {
            assertEquals(List.of("README.md", "generation_config.json", "tokenizer.json"),
                    folder.tagAlongFiles().stream().map(p -> p.getFileName().toString()).toList());
            assertTrue(folder.hasTokenizer());
            assertEquals("llama", folder.config().orElseThrow().modelType().orElseThrow());
            assertEquals(DType.BF16, folder.config().orElseThrow().torchDtype().orElseThrow());
        }
    }

    @Test
    void fingerprintChangesWithTheWeightsHeaderButNotWithTagAlongFiles() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Files.createDirectory(a);
        Files.createDirectory(b);
        SyntheticCheckpoint.writeBase(TINY, DType.BF16, 1, Long.MAX_VALUE, 1, a, Progress.silent(0, 0));
        SyntheticCheckpoint.writeBase(TINY, DType.F32, 1, Long.MAX_VALUE, 1, b, Progress.silent(0, 0));
        String before;
        try (ModelFolder folder = ModelFolder.open(a)) {
            before = folder.fingerprint();
        }
        Files.writeString(a.resolve("tokenizer.json"), "{}");
        try (ModelFolder folder = ModelFolder.open(a); ModelFolder other = ModelFolder.open(b)) {
            assertEquals(before, folder.fingerprint());
            assertNotEquals(before, other.fingerprint());
            assertEquals(64, before.length());
        }
    }

    @Test
    void fingerprintTellsApartTwoFineTuningsWithTheSameLayout() throws Exception {
        Path base = dir.resolve("base");
        Path e1 = dir.resolve("e1");
        Path e2 = dir.resolve("e2");
        for (Path p : List.of(base, e1, e2)) {
            Files.createDirectory(p);
        }
        SyntheticCheckpoint.writeBase(TINY, DType.BF16, 1, Long.MAX_VALUE, 1, base, Progress.silent(0, 0));
        try (ModelFolder b = ModelFolder.open(base)) {
            SyntheticCheckpoint.writeExpert(b, 0.002f, 1, Long.MAX_VALUE, 1, e1, Progress.silent(0, 0));
            SyntheticCheckpoint.writeExpert(b, 0.002f, 2, Long.MAX_VALUE, 1, e2, Progress.silent(0, 0));
        }
        try (ModelFolder a = ModelFolder.open(e1); ModelFolder b = ModelFolder.open(e2)) {
            assertNotEquals(a.fingerprint(), b.fingerprint());
        }
    }

    @Test
    void aHubIdThatIsNotALocalFolderSaysToDownloadIt() {
        UserInputException e = assertThrows(UserInputException.class, () -> ModelFolder.open(Path.of("meta-llama/Llama-2-7b-hf")));
        assertEquals("meta-llama/Llama-2-7b-hf: no such folder; it looks like a Hugging Face hub id: download it first"
                + " (huggingface-cli download meta-llama/Llama-2-7b-hf --local-dir DIR) and pass the folder", e.getMessage());
    }
}
