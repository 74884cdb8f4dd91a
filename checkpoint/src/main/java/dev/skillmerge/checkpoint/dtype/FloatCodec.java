package dev.skillmerge.checkpoint.dtype;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Bulk conversion between stored tensor bytes (little-endian, any {@link DType}) and float32 arrays,
 * the working precision of every streaming kernel. BF16 and F32 run on the Vector API (they carry
 * nearly all real checkpoints, see docs/benchmarks.md); the rest are scalar loops.
 */
public final class FloatCodec {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(LE);

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> SHORTS = INTS.withShape(
            jdk.incubator.vector.VectorShape.forBitSize(INTS.vectorBitSize() / 2)).withLanes(short.class);

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

    // bf16 -> f32: widen each 16-bit pattern and shift it into the upper half of a float.
    private static void decodeBf16(MemorySegment src, long byteOffset, float[] dst, int dstOff, int count) {
        int lanes = INTS.length();
        int i = 0;
        for (int upper = count - lanes; i <= upper; i += lanes) {
            ShortVector halves = ShortVector.fromMemorySegment(SHORTS, src, byteOffset + 2L * i, LE);
            IntVector widened = (IntVector) halves.convertShape(VectorOperators.S2I, INTS, 0);
            widened.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(dst, dstOff + i);
        }
        for (; i < count; i++) {
            dst[dstOff + i] = Bf16.toFloat(src.get(SHORT, byteOffset + 2L * i));
        }
    }

    // f32 -> bf16, round to nearest even: (bits + 0x7FFF + lsb) >>> 16; NaN keeps its upper bits, made quiet.
    private static void encodeBf16(float[] src, int srcOff, int count, MemorySegment dst, long byteOffset) {
        int lanes = FLOATS.length();
        int i = 0;
        for (int upper = count - lanes; i <= upper; i += lanes) {
            FloatVector values = FloatVector.fromArray(FLOATS, src, srcOff + i);
            IntVector bits = values.reinterpretAsInts();
            IntVector lsb = bits.lanewise(VectorOperators.LSHR, 16).and(1);
            IntVector rounded = bits.add(0x7FFF).add(lsb).lanewise(VectorOperators.LSHR, 16);
            VectorMask<Integer> nan = values.test(VectorOperators.IS_NAN).cast(INTS);
            IntVector quietNan = bits.lanewise(VectorOperators.LSHR, 16).or(0x0040);
            IntVector result = rounded.blend(quietNan, nan);
            ((ShortVector) result.convertShape(VectorOperators.I2S, SHORTS, 0)).intoMemorySegment(dst, byteOffset + 2L * i, LE);
        }
        for (; i < count; i++) {
            dst.set(SHORT, byteOffset + 2L * i, Bf16.fromFloat(src[srcOff + i]));
        }
    }
}
