package dev.skillmerge.checkpoint.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.checkpoint.tensor.TensorInfo;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixtures come from src/test/resources/torch/make_fixtures.py, which mimics torch.save byte for byte. */
class TorchCheckpointTest {
    @TempDir
    Path tmp;

    static Path fixture(String name) {
        try {
            return Path.of(TorchCheckpointTest.class.getResource("/torch/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static float[] floats(TorchCheckpoint file, TensorInfo tensor) throws IOException {
        float[] out = new float[(int) tensor.elementCount()];
        file.readFloats(tensor, 0, out, 0, out.length);
        return out;
    }

    static Map<String, TensorInfo> byName(TorchCheckpoint file) {
        return file.tensors().stream().collect(Collectors.toMap(TensorInfo::name, Function.identity()));
    }

    static void assertRefused(Path file, String problem) {
        UserInputException e = assertThrows(UserInputException.class, () -> TorchCheckpoint.open(file).close());
        assertEquals(file + ": " + problem, e.getMessage());
    }

    @Test
    void readsF32F16Bf16AndI64TensorsWithExactValues() throws Exception {
        try (TorchCheckpoint file = TorchCheckpoint.open(fixture("state_dict.bin"))) {
            Map<String, TensorInfo> t = byName(file);
            assertEquals(new TensorInfo("layer.weight", DType.F32, Shape.of(2, 3), t.get("layer.weight").begin(),
                    t.get("layer.weight").begin() + 24), t.get("layer.weight"));
            assertArrayEquals(new float[] {0.1f, -1.5f, 2.0f, 3.25f, -0.0f, 0.001f}, floats(file, t.get("layer.weight")));
            assertEquals(DType.F16, t.get("layer.bias").dtype());
            assertArrayEquals(new float[] {0.5f, -1.25f, 65504f}, floats(file, t.get("layer.bias")));
            assertEquals(DType.BF16, t.get("norm.weight").dtype());
            assertArrayEquals(new float[] {1f, -2.5f, 0.15625f, 256f}, floats(file, t.get("norm.weight")));
            assertEquals(DType.I64, t.get("position_ids").dtype());
            assertEquals(Shape.of(1, 5), t.get("position_ids").shape());
            assertArrayEquals(new float[] {0f, 1f, 2f, -3f, 1099511627776f}, floats(file, t.get("position_ids")));
        }
    }

    @Test
    void listsEveryTensorOnceInFileOrder() throws Exception {
        try (TorchCheckpoint file = TorchCheckpoint.open(fixture("state_dict.bin"))) {
            assertEquals(List.of("layer.weight", "layer.bias", "norm.weight", "position_ids", "embed_tokens.weight",
                    "lm_head.weight", "offset.weight", "scale"), file.tensors().stream().map(TensorInfo::name).toList());
        }
    }

    @Test
    void tiedTensorsShareOneByteRange() throws Exception {
        try (TorchCheckpoint file = TorchCheckpoint.open(fixture("state_dict.bin"))) {
            TensorInfo embed = byName(file).get("embed_tokens.weight");
            TensorInfo head = byName(file).get("lm_head.weight");
            assertEquals(embed.begin(), head.begin());
            assertEquals(embed.end(), head.end());
            float[] expected = {0.25f, 0.5f, 0.75f, 1f, 1.25f, 1.5f, 1.75f, 2f};
            assertArrayEquals(expected, floats(file, embed));
            assertArrayEquals(expected, floats(file, head));
        }
    }

    @Test
    void storageOffsetSkipsTheLeadingElementsOfTheStorage() throws Exception {
        try (TorchCheckpoint file = TorchCheckpoint.open(fixture("state_dict.bin"))) {
            TensorInfo view = byName(file).get("offset.weight");
            assertEquals(Shape.of(2, 2), view.shape());
            assertArrayEquals(new float[] {9f, 10.5f, 12f, 13.5f}, floats(file, view));
            assertEquals(24, view.begin() % 64, "storage data starts 64-aligned; the view 6 floats later");
        }
    }

    @Test
    void readsARankZeroTensorAsOneElement() throws Exception {
        try (TorchCheckpoint file = TorchCheckpoint.open(fixture("state_dict.bin"))) {
            TensorInfo scale = byName(file).get("scale");
            assertEquals(0, scale.shape().rank());
            assertArrayEquals(new float[] {0.125f}, floats(file, scale));
        }
    }

    @Test
    void mapsTheStoredBytesOfEachStorageEntry() throws Exception {
        Path path = fixture("state_dict.bin");
        Map<String, String> storageOf = Map.of("layer.weight", "0", "layer.bias", "1", "norm.weight", "2",
                "position_ids", "3", "embed_tokens.weight", "4");
        try (TorchCheckpoint file = TorchCheckpoint.open(path); ZipFile zip = new ZipFile(path.toFile());
             Arena arena = Arena.ofConfined()) {
            for (Map.Entry<String, String> e : storageOf.entrySet()) {
                TensorInfo tensor = byName(file).get(e.getKey());
                byte[] expected = zip.getInputStream(zip.getEntry("archive/data/" + e.getValue())).readAllBytes();
                MemorySegment mapped = file.map(tensor, 0, tensor.byteLength(), arena);
                assertArrayEquals(expected, mapped.toArray(ValueLayout.JAVA_BYTE), e.getKey());
            }
        }
    }

    @Test
    void headerBytesAreTheRawPickle() throws Exception {
        Path path = fixture("state_dict.bin");
        try (TorchCheckpoint file = TorchCheckpoint.open(path); ZipFile zip = new ZipFile(path.toFile())) {
            assertArrayEquals(zip.getInputStream(zip.getEntry("archive/data.pkl")).readAllBytes(), file.headerBytes());
            assertEquals(path, file.path());
        }
    }

    @Test
    void unwrapsATrainingCheckpointsStateDictAndParameters() throws Exception {
        try (TorchCheckpoint file = TorchCheckpoint.open(fixture("wrapped.bin"))) {
            assertEquals(1, file.tensors().size());
            TensorInfo head = file.tensors().getFirst();
            assertEquals("head.weight", head.name());
            assertArrayEquals(new float[] {7f, -7f}, floats(file, head));
        }
    }

    @Test
    void readsAPickleOfProtocol4() throws Exception {
        try (TorchCheckpoint file = TorchCheckpoint.open(fixture("protocol4.bin"))) {
            TensorInfo w = file.tensors().getFirst();
            assertEquals(DType.F16, w.dtype());
            assertArrayEquals(new float[] {1.5f, -2f, 0.25f}, floats(file, w));
        }
    }

    @Test
    void refusesAPickleThatCallsOsSystem() {
        assertRefused(fixture("os_system.bin"), "pickle refers to os.system, which a weights-only reader does not run;"
                + " convert the checkpoint to safetensors first");
    }

    @Test
    void refusesAnOpcodeThatTorchSaveDoesNotEmit() {
        assertRefused(fixture("unknown_opcode.bin"), "data.pkl has pickle opcode 0x69 at byte 3, which a weights-only"
                + " reader does not understand; convert the checkpoint to safetensors first");
    }

    @Test
    void refusesANonContiguousTensorNamingIt() {
        assertRefused(fixture("non_contiguous.bin"), "tensor 'w' is not contiguous (size [2, 3], stride [1, 2]);"
                + " save tensor.contiguous() or convert the checkpoint to safetensors");
    }

    @Test
    void refusesATruncatedZip() {
        assertRefused(fixture("truncated.bin"), "zip archive is truncated: it has no end-of-central-directory record");
    }

    @Test
    void refusesACompressedStorageEntry() {
        assertRefused(fixture("deflated.bin"), "storage archive/data/0 of tensor 'w' is compressed; torch.save stores"
                + " tensor data uncompressed, so re-save the checkpoint or convert it to safetensors");
    }

    @Test
    void refusesATensorWhoseStorageEntryIsMissing() {
        assertRefused(fixture("missing_storage.bin"),
                "tensor 'v' refers to storage archive/data/1, which the zip archive does not hold");
    }

    @Test
    void refusesATensorReachingPastItsStorage() {
        assertRefused(fixture("storage_too_small.bin"),
                "tensor 'w' needs elements [0, 4) of storage archive/data/0, which holds only 3 F32 elements");
    }

    @Test
    void refusesABigEndianCheckpoint() {
        assertRefused(fixture("big_endian.bin"), "was saved with byte order 'big'; only little-endian checkpoints are read");
    }

    @Test
    void refusesAStateDictHoldingSomethingOtherThanTensors() {
        assertRefused(fixture("non_tensor_value.bin"), "state_dict entry 'note' is a str, not a tensor");
    }

    @Test
    void refusesAPickleThatIsNotADict() {
        assertRefused(fixture("list_top.bin"), "pickle holds a list, not a state_dict of tensors");
    }

    @Test
    void refusesAZipWithoutDataPkl() {
        assertRefused(fixture("no_pickle.bin"), "zip archive has no <folder>/data.pkl, so it is not a checkpoint"
                + " written by torch.save");
    }

    @Test
    void refusesAFileThatIsNotAZip() throws IOException {
        Path text = Files.writeString(tmp.resolve("pytorch_model.bin"), "version https://git-lfs.github.com/spec/v1\n");
        assertRefused(text, "is not a zip archive, so not a PyTorch checkpoint written by torch.save");
    }

    @Test
    void refusesTheBarePickleOfPreZipTorchSave() throws IOException {
        Path legacy = Files.write(tmp.resolve("old.bin"), new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc});
        assertRefused(legacy, "is a bare pickle (torch.save before PyTorch 1.6, or with _use_new_zipfile_serialization=False),"
                + " which is not read; convert it to safetensors first");
    }

    @Test
    void refusesAMissingFile() {
        assertRefused(tmp.resolve("absent.bin"), "no such file");
    }

    @Test
    void everyTruncationOfAValidCheckpointGivesAOneLineError() throws IOException {
        byte[] whole = Files.readAllBytes(fixture("state_dict.bin"));
        Path cut = tmp.resolve("cut.bin");
        for (int length = 0; length < whole.length; length++) {
            Files.write(cut, java.util.Arrays.copyOf(whole, length));
            try {
                TorchCheckpoint.open(cut).close();
                fail("opened the first " + length + " bytes of " + whole.length);
            } catch (UserInputException e) {
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            }
        }
    }

    @Test
    void corruptedBytesGiveEitherTheTensorsOrAOneLineError() throws IOException {
        byte[] whole = Files.readAllBytes(fixture("state_dict.bin"));
        Path damaged = tmp.resolve("damaged.bin");
        Random random = new Random(42);
        int refused = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] copy = whole.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
            }
            Files.write(damaged, copy);
            try (TorchCheckpoint file = TorchCheckpoint.open(damaged)) {
                for (TensorInfo t : file.tensors()) {
                    float[] out = new float[(int) Math.min(t.elementCount(), 64)];
                    file.readFloats(t, 0, out, 0, out.length);
                }
            } catch (UserInputException e) {
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
                assertTrue(e.getMessage().startsWith(damaged + ": "), e.getMessage());
                refused++;
            }
        }
        assertTrue(refused > 100, "most corruptions of headers and pickle are noticed: " + refused);
    }

    @Test
    void modelFolderOpensConfigAndPytorchModelBin() throws Exception {
        Path folder = Files.createDirectory(tmp.resolve("model"));
        Files.writeString(folder.resolve("config.json"), "{\"model_type\": \"llama\", \"tie_word_embeddings\": true}");
        Files.copy(fixture("state_dict.bin"), folder.resolve(TorchCheckpoint.FILE_NAME));
        try (ModelFolder model = ModelFolder.open(folder)) {
            assertTrue(model.isLegacyPytorch());
            assertEquals(8, model.tensors().size());
            assertEquals(List.of(folder.resolve(TorchCheckpoint.FILE_NAME)), model.weightFiles());
            StoredTensor bias = model.tensor("layer.bias").orElseThrow();
            float[] out = new float[3];
            bias.readFloats(0, out, 0, 3);
            assertArrayEquals(new float[] {0.5f, -1.25f, 65504f}, out);
        }
    }
}
