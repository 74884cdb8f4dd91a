package dev.skillmerge.checkpoint.dtype;

/**
 * The 8-bit float formats of safetensors: F8_E4M3 (PyTorch's float8_e4m3fn: no infinities, one NaN
 * pattern per sign, largest finite 448) and F8_E5M2 (IEEE-style with infinities, largest finite 57344).
 * Decoding is a 256-entry table; encoding rounds to nearest, ties to even, like PyTorch's casts: values
 * past the largest finite become NaN in E4M3 (it has no infinity) and infinity in E5M2.
 */
public enum MiniFloat {
    E4M3(4, 3, 7, false),
    E5M2(5, 2, 15, true);

    private final int mantissaBits;
    private final int bias;
    private final boolean hasInfinity;
    private final int maxFiniteCode;
    private final int nanCode;
    private final int infinityCode;
    private final float[] decodeTable = new float[256];

    MiniFloat(int exponentBits, int mantissaBits, int bias, boolean hasInfinity) {
        this.mantissaBits = mantissaBits;
        this.bias = bias;
        this.hasInfinity = hasInfinity;
        int allOnesExponent = (1 << exponentBits) - 1;
        if (hasInfinity) {
            this.infinityCode = allOnesExponent << mantissaBits;
            this.maxFiniteCode = infinityCode - 1;
            this.nanCode = infinityCode | (1 << (mantissaBits - 1));
        } else {
            this.infinityCode = -1;
            this.nanCode = 0x7F;
            this.maxFiniteCode = 0x7E;
        }
        for (int code = 0; code < 256; code++) {
            decodeTable[code] = decodeSlow(code, allOnesExponent);
        }
    }

    private float decodeSlow(int code, int allOnesExponent) {
        float sign = (code & 0x80) != 0 ? -1f : 1f;
        int magnitude = code & 0x7F;
        int exponent = magnitude >>> mantissaBits;
        int mantissa = magnitude & ((1 << mantissaBits) - 1);
        if (hasInfinity && exponent == allOnesExponent) {
            return mantissa == 0 ? sign * Float.POSITIVE_INFINITY : Float.NaN;
        }
        if (!hasInfinity && magnitude == nanCode) {
            return Float.NaN;
        }
        if (exponent == 0) {
            return sign * Math.scalb((float) mantissa, 1 - bias - mantissaBits);
        }
        return sign * Math.scalb((float) ((1 << mantissaBits) | mantissa), exponent - bias - mantissaBits);
    }

    public float toFloat(byte code) {
        return decodeTable[code & 0xFF];
    }

    public byte fromFloat(float value) {
        int sign = Float.floatToRawIntBits(value) < 0 ? 0x80 : 0;
        if (Float.isNaN(value)) {
            return (byte) (sign | nanCode);
        }
        double magnitude = Math.abs((double) value);
        if (Double.isInfinite(magnitude)) {
            return (byte) (sign | (hasInfinity ? infinityCode : nanCode));
        }
        if (magnitude == 0) {
            return (byte) sign;
        }
        int minNormalExponent = 1 - bias;
        int exponent = Math.max(Math.getExponent(magnitude), minNormalExponent);
        // Scaling by a power of two is exact, so Math.rint performs the one rounding: ties to even.
        long quantized = (long) Math.rint(Math.scalb(magnitude, mantissaBits - exponent));
        // quantized counts units of the last place at this exponent; for normals it is in
        // [2^m, 2^(m+1)], and (exponent field << m) + mantissa equals quantized + (biased exponent - 1) << m.
        long code = quantized + ((long) (exponent - minNormalExponent) << mantissaBits);
        if (code > maxFiniteCode) {
            return (byte) (sign | (hasInfinity ? infinityCode : nanCode));
        }
        return (byte) (sign | code);
    }
}
