package dev.skillmerge.checkpoint.dtype;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Bulk conversion between stored tensor bytes (little-endian, any {@link DType}) and float32 arrays,
 * the working precision of every streaming kernel. Plain loops, one small method per dtype, except the
 * BF16 pair, which merges spend a third of their time in: those use the Vector API (2x faster than the
 * plain loop, which C2 does not vectorize, when streaming from the page cache). A Vector API loop is slow
 * until C2 has compiled it; the launcher has C2 compile it early (bin/jit-commands.txt) and keeps the
 * API's fallbacks out of C2's queue (bin/jit-directives.json), which is what made it pay off in a one-shot
 * command (docs/design.md, "Checkpoint I/O").
 */
public final class FloatCodec {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(LE);
    // as many 16-bit lanes as the preferred int vector has 32-bit ones: one bf16 vector is one float vector
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = INTS.vectorShape().withLanes(float.class);
    private static final VectorSpecies<Short> SHORTS = VectorSpecies.of(short.class, VectorShape.forBitSize(INTS.vectorBitSize() / 2));

    private FloatCodec() {
    }

    /** Decodes {@code count} elements starting at {@code byteOffset} of {@code src} into {@code dst[dstOff..]}. */
    public static void decode(DType dtype, MemorySegment src, long byteOffset, float[] dst, int dstOff, int count) {
        switch (dtype) {
            case F32 -> MemorySegment.copy(src, FLOAT, byteOffset, dst, dstOff, count);
            case BF16 -> decodeBf16(src, byteOffset, dst, dstOff, count);
            case F16 -> decodeF16(src, byteOffset, dst, dstOff, count);
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOff + i] = (float) src.get(DOUBLE, byteOffset + 8L * i);
                }
            }
            case F8_E4M3, F8_E5M2 -> {
                MiniFloat format = dtype == DType.F8_E4M3 ? MiniFloat.E4M3 : MiniFloat.E5M2;
                for (int i = 0; i < count; i++) {
                    dst[dstOff + i] = format.toFloat(src.get(ValueLayout.JAVA_BYTE, byteOffset + i));
                }
            }
            case I64 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOff + i] = src.get(LONG, byteOffset + 8L * i);
                }
            }
            case I32 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOff + i] = src.get(INT, byteOffset + 4L * i);
                }
            }
            case I16 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOff + i] = src.get(SHORT, byteOffset + 2L * i);
                }
            }
            case I8 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOff + i] = src.get(ValueLayout.JAVA_BYTE, byteOffset + i);
                }
            }
            case U8, BOOL -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOff + i] = src.get(ValueLayout.JAVA_BYTE, byteOffset + i) & 0xFF;
                }
            }
        }
    }

    /**
     * Encodes {@code src[srcOff..srcOff+count)} into {@code dst} at {@code byteOffset}. Floating-point
     * targets round to nearest, ties to even. Integer targets truncate toward zero and saturate (NaN
     * becomes 0), BOOL is "non-zero"; these only occur when a user converts integer tensors explicitly.
     */
    public static void encode(DType dtype, float[] src, int srcOff, int count, MemorySegment dst, long byteOffset) {
        switch (dtype) {
            case F32 -> MemorySegment.copy(src, srcOff, dst, FLOAT, byteOffset, count);
            case BF16 -> encodeBf16(src, srcOff, count, dst, byteOffset);
            case F16 -> encodeF16(src, srcOff, count, dst, byteOffset);
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    dst.set(DOUBLE, byteOffset + 8L * i, src[srcOff + i]);
                }
            }
            case F8_E4M3, F8_E5M2 -> {
                MiniFloat format = dtype == DType.F8_E4M3 ? MiniFloat.E4M3 : MiniFloat.E5M2;
                for (int i = 0; i < count; i++) {
                    dst.set(ValueLayout.JAVA_BYTE, byteOffset + i, format.fromFloat(src[srcOff + i]));
                }
            }
            case I64 -> {
                for (int i = 0; i < count; i++) {
                    dst.set(LONG, byteOffset + 8L * i, (long) src[srcOff + i]);
                }
            }
            case I32 -> {
                for (int i = 0; i < count; i++) {
                    dst.set(INT, byteOffset + 4L * i, (int) src[srcOff + i]);
                }
            }
            case I16 -> {
                for (int i = 0; i < count; i++) {
                    dst.set(SHORT, byteOffset + 2L * i, (short) saturate(src[srcOff + i], Short.MIN_VALUE, Short.MAX_VALUE));
                }
            }
            case I8 -> {
                for (int i = 0; i < count; i++) {
                    dst.set(ValueLayout.JAVA_BYTE, byteOffset + i, (byte) saturate(src[srcOff + i], Byte.MIN_VALUE, Byte.MAX_VALUE));
                }
            }
            case U8 -> {
                for (int i = 0; i < count; i++) {
                    dst.set(ValueLayout.JAVA_BYTE, byteOffset + i, (byte) saturate(src[srcOff + i], 0, 255));
                }
            }
            case BOOL -> {
                for (int i = 0; i < count; i++) {
                    dst.set(ValueLayout.JAVA_BYTE, byteOffset + i, (byte) (src[srcOff + i] != 0 ? 1 : 0));
                }
            }
        }
    }

    private static int saturate(float value, int min, int max) {
        return (int) Math.max(min, Math.min(max, (long) value));
    }

    // Each hot conversion is its own small method, so the JIT profiles and compiles it alone instead
    // of deoptimizing a large switch whenever a new dtype shows up.
    private static void decodeF16(MemorySegment src, long byteOffset, float[] dst, int dstOff, int count) {
        for (int i = 0; i < count; i++) {
            dst[dstOff + i] = Float.float16ToFloat(src.get(SHORT, byteOffset + 2L * i));
        }
    }

    private static void encodeF16(float[] src, int srcOff, int count, MemorySegment dst, long byteOffset) {
        for (int i = 0; i < count; i++) {
            dst.set(SHORT, byteOffset + 2L * i, Float.floatToFloat16(src[srcOff + i]));
        }
    }

    // bf16 -> f32: each 16-bit pattern becomes the upper half of a float.
    private static void decodeBf16(MemorySegment src, long byteOffset, float[] dst, int dstOff, int count) {
        int i = 0;
        for (int bound = SHORTS.loopBound(count); i < bound; i += SHORTS.length()) {
            ShortVector halves = ShortVector.fromMemorySegment(SHORTS, src, byteOffset + 2L * i, LE);
            IntVector widened = (IntVector) halves.convertShape(VectorOperators.S2I, INTS, 0);
            widened.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(dst, dstOff + i);
        }
        for (; i < count; i++) {
            dst[dstOff + i] = Float.intBitsToFloat((src.get(SHORT, byteOffset + 2L * i) & 0xFFFF) << 16);
        }
    }

    // f32 -> bf16, round to nearest even: (bits + 0x7FFF + lsb) >>> 16; NaN keeps its upper bits, made quiet.
    private static void encodeBf16(float[] src, int srcOff, int count, MemorySegment dst, long byteOffset) {
        int i = 0;
        for (int bound = FLOATS.loopBound(count); i < bound; i += FLOATS.length()) {
            IntVector bits = FloatVector.fromArray(FLOATS, src, srcOff + i).reinterpretAsInts();
            IntVector upper = bits.lanewise(VectorOperators.LSHR, 16);
            IntVector rounded = bits.add(0x7FFF).add(upper.and(1)).lanewise(VectorOperators.LSHR, 16);
            VectorMask<Integer> nan = bits.and(0x7FFFFFFF).compare(VectorOperators.GT, 0x7F800000);
            IntVector encoded = rounded.blend(upper.or(0x0040), nan);
            ((ShortVector) encoded.convertShape(VectorOperators.I2S, SHORTS, 0)).intoMemorySegment(dst, byteOffset + 2L * i, LE);
        }
        for (; i < count; i++) {
            int bits = Float.floatToRawIntBits(src[srcOff + i]);
            int rounded = (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16;
            int quietNan = (bits >>> 16) | 0x0040;
            boolean nan = (bits & 0x7FFFFFFF) > 0x7F800000;
            dst.set(SHORT, byteOffset + 2L * i, (short) (nan ? quietNan : rounded));
        }
    }
}
