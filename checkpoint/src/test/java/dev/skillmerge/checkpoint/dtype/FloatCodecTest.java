package dev.skillmerge.checkpoint.dtype;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FloatCodecTest {
    /** Values that stress every conversion: ties, subnormals of each format, infinities, NaN, signed zero. */
    private static float[] edgeCases() {
        return new float[] {0f, -0f, 1f, -1f, 1.00390625f, 1.01171875f, 0x1.0p-133f, Float.MIN_VALUE, 0x1.0p-24f, 0x1.8p-25f,
                65504f, 65520f, 448f, 57344f, 3.4e38f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
                0.1f, -2.5f, 1e-8f, 12345.678f, 0x1.0p-14f, 0x1.0p-16f, 0x1.0p-9f};
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32", "F16", "BF16", "F8_E4M3", "F8_E5M2"})
    void bulkEncodeAgreesWithScalarRounding(DType dtype) {
        float[] values = mixedValues(1000);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate((long) values.length * dtype.byteSize());
            FloatCodec.encode(dtype, values, 0, values.length, bytes, 0);
            float[] back = new float[values.length];
            FloatCodec.decode(dtype, bytes, 0, back, 0, values.length);
            for (int i = 0; i < values.length; i++) {
                assertEquals(Float.floatToIntBits(scalarRoundTrip(dtype, values[i])), Float.floatToIntBits(back[i]),
                        dtype + " value " + values[i]);
            }
        }
    }

    @Test
    void bf16BulkEncodingMatchesScalarRoundingAtEveryLength() {
        float[] values = mixedValues(1037); // not a multiple of any vector width
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(values.length * 2L);
            FloatCodec.encode(DType.BF16, values, 0, values.length, bytes, 0);
            for (int i = 0; i < values.length; i++) {
                assertEquals(Bf16.fromFloat(values[i]), bytes.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 2L * i));
            }
        }
    }

    @Test
    void bf16DecodesEveryBitPatternInTheVectorBodyAndTheTailFromAnyByteOffset() {
        ValueLayout.OfShort le = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        int patterns = 1 << 16;
        try (Arena arena = Arena.ofConfined()) {
            for (long byteOffset : new long[] {0, 2, 3}) {
                MemorySegment bytes = arena.allocate(byteOffset + 2L * patterns);
                for (int p = 0; p < patterns; p++) {
                    bytes.set(le, byteOffset + 2L * p, (short) p);
                }
                for (int count : new int[] {patterns, 37, 16, 15, 1, 0}) {
                    float[] out = new float[count + 3];
                    FloatCodec.decode(DType.BF16, bytes, byteOffset, out, 3, count);
                    for (int p = 0; p < count; p++) {
                        assertEquals(p << 16, Float.floatToRawIntBits(out[3 + p]), "pattern " + p + " of " + count);
                    }
                }
            }
        }
    }

    @Test
    void bf16EncodingQuietsNaNsWhosePayloadLiesOnlyInTheDroppedBitsInEveryLane() {
        int[] nans = {0x7F800001, 0xFF800001, 0x7F80FFFF, 0x7FC00000, 0xFFFFFFFF, 0x7FA00000};
        float[] values = new float[48]; // three 16-lane vectors
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(nans[i % nans.length]);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(values.length * 2L);
            FloatCodec.encode(DType.BF16, values, 0, values.length, bytes, 0);
            for (int i = 0; i < values.length; i++) {
                short stored = bytes.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 2L * i);
                assertEquals((short) ((nans[i % nans.length] >>> 16) | 0x0040), stored, "lane " + i);
            }
        }
    }

    @Test
    void decodeHonoursOffsetsOnBothSides() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(16);
            FloatCodec.encode(DType.F32, new float[] {9, 1, 2, 3}, 1, 3, bytes, 4);
            float[] out = new float[5];
            FloatCodec.decode(DType.F32, bytes, 4, out, 2, 3);
            assertArrayEquals(new float[] {0, 0, 1, 2, 3}, out);
        }
    }

    @Test
    void integerTypesDecodeExactlyAndEncodeByTruncationWithSaturation() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(8);
            FloatCodec.encode(DType.I8, new float[] {-1.7f, 300f, -300f, Float.NaN}, 0, 4, bytes, 0);
            float[] back = new float[4];
            FloatCodec.decode(DType.I8, bytes, 0, back, 0, 4);
            assertArrayEquals(new float[] {-1, 127, -128, 0}, back);
            FloatCodec.encode(DType.U8, new float[] {255f, 256f, -1f}, 0, 3, bytes, 0);
            FloatCodec.decode(DType.U8, bytes, 0, back, 0, 3);
            assertArrayEquals(new float[] {255, 255, 0}, java.util.Arrays.copyOf(back, 3));
            FloatCodec.encode(DType.BOOL, new float[] {0f, -0f, 0.5f}, 0, 3, bytes, 0);
            FloatCodec.decode(DType.BOOL, bytes, 0, back, 0, 3);
            assertArrayEquals(new float[] {0, 0, 1}, java.util.Arrays.copyOf(back, 3));
        }
    }

    private static float scalarRoundTrip(DType dtype, float v) {
        return switch (dtype) {
            case F64, F32 -> v;
            case F16 -> Float.float16ToFloat(Float.floatToFloat16(v));
            case BF16 -> Bf16.toFloat(Bf16.fromFloat(v));
            case F8_E4M3 -> MiniFloat.E4M3.toFloat(MiniFloat.E4M3.fromFloat(v));
            case F8_E5M2 -> MiniFloat.E5M2.toFloat(MiniFloat.E5M2.fromFloat(v));
            default -> throw new IllegalArgumentException();
        };
    }

    private static float[] mixedValues(int n) {
        float[] edges = edgeCases();
        float[] values = new float[n];
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            values[i] = i < edges.length ? edges[i] : Float.intBitsToFloat(random.nextInt());
        }
        return values;
    }
}
