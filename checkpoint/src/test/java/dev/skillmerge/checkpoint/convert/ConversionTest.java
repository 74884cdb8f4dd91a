package dev.skillmerge.checkpoint.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.skillmerge.checkpoint.dtype.Bf16;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.synth.SynthShape;
import dev.skillmerge.checkpoint.synth.SyntheticCheckpoint;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversionTest {
    @TempDir
    Path dir;

    private static final SynthShape TINY = new SynthShape(64, 32, 96, 2, 2, 2, false);

    private Path synth(String name, DType dtype, boolean tied) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectory(p);
        SynthShape shape = new SynthShape(TINY.vocab(), TINY.hidden(), TINY.intermediate(), TINY.layers(), TINY.heads(), TINY.kvHeads(), tied);
        SyntheticCheckpoint.writeBase(shape, dtype, 3, Long.MAX_VALUE, 2, p, Progress.silent(0, 0));
        Files.writeString(p.resolve("tokenizer.json"), "{\"version\":\"1.0\"}");
        return p;
    }

    private Path convert(Path in, String name, Optional<DType> dtype, long shardSize) throws Exception {
        Path out = dir.resolve(name);
        Files.createDirectory(out);
        try (ModelFolder model = ModelFolder.open(in)) {
            Conversion.run(model, dtype, shardSize, 2, out, Progress.silent(0, 0));
        }
        return out;
    }

    @Test
    void keepingTheDtypeCopiesEveryTensorBitExactlyWhateverTheSharding() throws Exception {
        Path in = synth("in", DType.BF16, false);
        Path out = convert(in, "out", Optional.empty(), 10_000);
        try (ModelFolder a = ModelFolder.open(in); ModelFolder b = ModelFolder.open(out)) {
            assertFalse(a.isSharded());
            assertEquals(true, b.isSharded());
            for (StoredTensor t : a.tensors()) {
                assertArrayEquals(bytes(t), bytes(b.tensor(t.name()).orElseThrow()), t.name());
            }
            assertEquals("{\"version\":\"1.0\"}", Files.readString(out.resolve("tokenizer.json")));
        }
    }

    @Test
    void bf16ToF16AndBackRoundsEachValueOnceEachWay() throws Exception {
        Path in = synth("in", DType.BF16, false);
        Path f16 = convert(in, "f16", Optional.of(DType.F16), Long.MAX_VALUE);
        Path back = convert(f16, "back", Optional.of(DType.BF16), Long.MAX_VALUE);
        try (ModelFolder a = ModelFolder.open(in); ModelFolder mid = ModelFolder.open(f16); ModelFolder b = ModelFolder.open(back)) {
            assertEquals(DType.F16, mid.config().orElseThrow().torchDtype().orElseThrow());
            assertEquals(DType.F16, mid.tensors().getFirst().dtype());
            for (StoredTensor t : a.tensors()) {
                float[] x = floats(t);
                float[] expected = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    // exact for normal f16 values; values under 2^-14 lose low bits as f16 subnormals
                    expected[i] = Bf16.toFloat(Bf16.fromFloat(Float.float16ToFloat(Float.floatToFloat16(x[i]))));
                }
                assertArrayEquals(expected, floats(b.tensor(t.name()).orElseThrow()), t.name());
            }
        }
    }

    @Test
    void aTiedHeadIsNotWrittenTwice() throws Exception {
        Path in = synth("in", DType.F32, true);
        Path out = convert(in, "out", Optional.of(DType.BF16), Long.MAX_VALUE);
        try (ModelFolder b = ModelFolder.open(out)) {
            assertFalse(b.tensor("lm_head.weight").isPresent());
            assertEquals(true, b.tiedEmbeddings());
        }
    }

    @Test
    void f32ToBf16RoundsEachValueToNearestEven() throws Exception {
        Path in = synth("in", DType.F32, false);
        Path out = convert(in, "out", Optional.of(DType.BF16), Long.MAX_VALUE);
        try (ModelFolder a = ModelFolder.open(in); ModelFolder b = ModelFolder.open(out)) {
            StoredTensor t = a.tensor("model.layers.1.mlp.down_proj.weight").orElseThrow();
            float[] x = floats(t);
            float[] y = floats(b.tensor(t.name()).orElseThrow());
            for (int i = 0; i < x.length; i++) {
                assertEquals(Bf16.toFloat(Bf16.fromFloat(x[i])), y[i]);
            }
        }
    }

    private static float[] floats(StoredTensor t) throws Exception {
        float[] x = new float[(int) t.elementCount()];
        t.readFloats(0, x, 0, x.length);
        return x;
    }

    private static byte[] bytes(StoredTensor t) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            return t.mapBytes(0, t.byteLength(), arena).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        }
    }
}
