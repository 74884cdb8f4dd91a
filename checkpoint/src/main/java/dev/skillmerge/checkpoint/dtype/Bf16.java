package dev.skillmerge.checkpoint.dtype;

/** bfloat16: the upper 16 bits of an IEEE float32. */
public final class Bf16 {
    private Bf16() {
    }

    public static float toFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /**
     * Rounds to nearest, ties to even. Infinities stay infinite and overflow rounds to infinity, as in
     * IEEE; a NaN stays a NaN with its sign and upper payload bits, made quiet so it cannot turn into an
     * infinity when its payload sits only in the dropped low bits.
     */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        // bits + 0x7FFF + lsb: rounds up past the halfway point, and at exactly halfway only when odd.
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }
}
