package dev.skillmerge.checkpoint.dtype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class HalfTranscoderTest {
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static int transcode(DType from, DType to, int bits) {
        MemorySegment src = MemorySegment.ofArray(new byte[2]);
        MemorySegment dst = MemorySegment.ofArray(new byte[2]);
        src.set(SHORT, 0, (short) bits);
        HalfTranscoder.between(from, to).orElseThrow().transcode(src, dst, 1);
        return dst.get(SHORT, 0) & 0xFFFF;
    }

    @Test
    void f16ToBf16RoundsToNearestEvenAndKeepsSpecials() {
        assertEquals(0x3F80, transcode(DType.F16, DType.BF16, 0x3C00), "1.0");
        assertEquals(0xC020, transcode(DType.F16, DType.BF16, 0xC100), "-2.5");
        assertEquals(0x3380, transcode(DType.F16, DType.BF16, 0x0001), "smallest f16 subnormal 2^-24 is a bf16 normal");
        assertEquals(0x3F80, transcode(DType.F16, DType.BF16, 0x3C01), "1 + 2^-10 is below bf16's halfway point 1 + 2^-8");
        assertEquals(0x3F80, transcode(DType.F16, DType.BF16, 0x3C02), "1 + 2^-9: still below halfway");
        assertEquals(0x3F80, transcode(DType.F16, DType.BF16, 0x3C04), "1 + 2^-8 is halfway: ties to the even 1.0");
        assertEquals(0x3F82, transcode(DType.F16, DType.BF16, 0x3C0C), "1 + 3*2^-8 is halfway: ties to the even 1 + 2^-6");
        assertEquals(0x4780, transcode(DType.F16, DType.BF16, 0x7BFF), "65504 rounds up to 65536");
        assertEquals(0x7F80, transcode(DType.F16, DType.BF16, 0x7C00), "+inf");
        assertEquals(0xFF80, transcode(DType.F16, DType.BF16, 0xFC00), "-inf");
        assertEquals(0x8000, transcode(DType.F16, DType.BF16, 0x8000), "-0");
        assertEquals(0x7FC0, transcode(DType.F16, DType.BF16, 0x7E00), "quiet NaN");
    }

    @Test
    void bf16ToF16RoundsToNearestEvenOverflowsAndFlushesLikeFloatToFloat16() {
        assertEquals(0x3C00, transcode(DType.BF16, DType.F16, 0x3F80), "1.0");
        assertEquals(0x7C00, transcode(DType.BF16, DType.F16, 0x47C3), "99840 overflows f16 to +inf");
        assertEquals(0x7BF8, transcode(DType.BF16, DType.F16, 0x477F), "65280 is exact in f16");
        assertEquals(0x0000, transcode(DType.BF16, DType.F16, 0x3300), "2^-25 is halfway to the smallest subnormal: ties to 0");
        assertEquals(0x0001, transcode(DType.BF16, DType.F16, 0x3340), "1.5 * 2^-25 rounds up to 2^-24");
        assertEquals(0x8000, transcode(DType.BF16, DType.F16, 0xA000), "-2^-63 underflows to -0");
        assertEquals(0xFC00, transcode(DType.BF16, DType.F16, 0xFF80), "-inf");
        assertTrue(Float.isNaN(Float.float16ToFloat((short) transcode(DType.BF16, DType.F16, 0x7FC1))), "NaN stays NaN");
    }

    @Test
    void everyPatternAgreesWithDecodingThenEncodingThroughFloat32() {
        for (DType[] pair : new DType[][] {{DType.F16, DType.BF16}, {DType.BF16, DType.F16}}) {
            int count = 1 << 16;
            // one element of offset, so the bulk loop is checked away from the segment's start as well
            MemorySegment src = MemorySegment.ofArray(new byte[2 * count + 2]).asSlice(2);
            for (int bits = 0; bits < count; bits++) {
                src.set(SHORT, 2L * bits, (short) bits);
            }
            MemorySegment dst = MemorySegment.ofArray(new byte[2 * count]);
            HalfTranscoder.between(pair[0], pair[1]).orElseThrow().transcode(src, dst, count);
            float[] values = new float[count];
            FloatCodec.decode(pair[0], src, 0, values, 0, count);
            MemorySegment expected = MemorySegment.ofArray(new byte[2 * count]);
            FloatCodec.encode(pair[1], values, 0, count, expected, 0);
            for (int bits = 0; bits < count; bits++) {
                assertEquals(expected.get(SHORT, 2L * bits), dst.get(SHORT, 2L * bits), pair[0] + " pattern " + Integer.toHexString(bits));
            }
        }
    }

    @Test
    void onlyTheTwoSixteenBitFloatPairsHaveATranscoder() {
        assertTrue(HalfTranscoder.between(DType.F16, DType.F16).isEmpty());
        assertTrue(HalfTranscoder.between(DType.F32, DType.BF16).isEmpty());
        assertTrue(HalfTranscoder.between(DType.BF16, DType.I16).isEmpty());
    }
}
