package dev.skillmerge.checkpoint.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.checkpoint.tensor.TensorInfo;
import dev.skillmerge.checkpoint.tensor.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SafetensorsRoundTripTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DType.class)
    void everyDtypeRoundTripsValuesItCanRepresent(DType dtype) throws Exception {
        float[] values = dtype == DType.BOOL ? new float[] {0, 1, 1, 0, 1, 0} : new float[] {0, 1, -1, 2, -2, 3};
        if (dtype == DType.U8) {
            values = new float[] {0, 1, 255, 2, 128, 3};
        }
        Path file = dir.resolve("t.safetensors");
        try (SafetensorsWriter w = SafetensorsWriter.create(file, List.of(new TensorSpec("x", dtype, Shape.of(2, 3))), Map.of());
             TensorOutput out = w.open("x")) {
            out.writeFloats(values, 0, values.length);
        }
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            TensorInfo t = f.tensor("x").orElseThrow();
            assertEquals(dtype, t.dtype());
            assertEquals(Shape.of(2, 3), t.shape());
            float[] back = new float[6];
            f.readFloats(t, 0, back, 0, 6);
            assertArrayEquals(values, back);
        }
    }

    @Test
    void headerIsPaddedWithSpacesToEightBytesAndCarriesMetadata() throws Exception {
        Path file = dir.resolve("m.safetensors");
        try (SafetensorsWriter w = SafetensorsWriter.create(file, List.of(new TensorSpec("weight", DType.F32, Shape.of(1))), Map.of("format", "pt"));
             TensorOutput out = w.open("weight")) {
            out.writeFloats(new float[] {42}, 0, 1);
        }
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8);
        String header = new String(bytes, 8, (int) headerLength);
        assertEquals("{\"__metadata__\":{\"format\":\"pt\"},\"weight\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", header.strip());
        assertEquals(8 + headerLength + 4, bytes.length);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(Map.of("format", "pt"), f.metadata());
        }
    }

    @Test
    void readsAnyElementRangeOfATensor() throws Exception {
        Path file = dir.resolve("r.safetensors");
        float[] values = new float[100];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f;
        }
        try (SafetensorsWriter w = SafetensorsWriter.create(file, List.of(
                new TensorSpec("a", DType.BF16, Shape.of(3)), new TensorSpec("b", DType.F32, Shape.of(10, 10))), Map.of())) {
            try (TensorOutput a = w.open("a")) {
                a.writeFloats(new float[] {1, 2, 3}, 0, 3);
            }
            try (TensorOutput b = w.open("b")) {
                b.writeFloats(values, 0, 40);
                b.writeFloats(values, 40, 60);
            }
        }
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            float[] out = new float[5];
            f.readFloats(f.tensor("b").orElseThrow(), 37, out, 0, 5);
            assertArrayEquals(new float[] {18.5f, 19f, 19.5f, 20f, 20.5f}, out);
            f.readFloats(f.tensor("a").orElseThrow(), 1, out, 3, 2);
            assertArrayEquals(new float[] {18.5f, 19f, 19.5f, 2f, 3f}, out);
        }
    }

    @Test
    void zeroSizedAndScalarTensorsAreValid() throws Exception {
        Path file = dir.resolve("z.safetensors");
        try (SafetensorsWriter w = SafetensorsWriter.create(file, List.of(
                new TensorSpec("empty", DType.F32, Shape.of(0, 4)), new TensorSpec("scalar", DType.F32, Shape.of())), Map.of())) {
            w.open("empty").close();
            try (TensorOutput s = w.open("scalar")) {
                s.writeFloats(new float[] {7}, 0, 1);
            }
        }
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(0, f.tensor("empty").orElseThrow().byteLength());
            float[] out = new float[1];
            f.readFloats(f.tensor("scalar").orElseThrow(), 0, out, 0, 1);
            assertEquals(7f, out[0]);
        }
    }

    @Test
    void writingTensorsLeavesNoFileDescriptorOpen() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd");
        List<TensorSpec> specs = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> new TensorSpec("t" + i, DType.BF16, Shape.of(4))).toList();
        long before;
        try (var open = Files.list(fds)) {
            before = open.count();
        }
        try (SafetensorsWriter w = SafetensorsWriter.create(dir.resolve("many.safetensors"), specs, Map.of())) {
            for (TensorSpec spec : specs) {
                try (TensorOutput out = w.open(spec.name())) {
                    out.writeFloats(new float[] {1, 2, 3, 4}, 0, 4);
                }
            }
        }
        try (var open = Files.list(fds)) {
            assertEquals(before, open.count());
        }
    }
}
