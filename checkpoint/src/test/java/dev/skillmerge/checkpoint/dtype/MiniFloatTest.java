package dev.skillmerge.checkpoint.dtype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MiniFloatTest {
    @ParameterizedTest(name = "E4M3 {0} -> {1}")
    @CsvSource({
            "1.0, 0x38",
            "448, 0x7E",        // largest finite
            "464, 0x7E",        // halfway to the next (non-existent) value: ties to even keeps 448
            "470, 0x7F",        // past halfway: overflows to NaN, E4M3FN has no infinity
            "-448, 0xFE",
            "0.001953125, 0x01", // 2^-9, the smallest subnormal
            "0.0009765625, 0x00", // 2^-10: halfway between 0 and 2^-9, ties to even (0)
            "0.0029296875, 0x02", // 1.5 * 2^-9: halfway between 1 and 2 units, ties to even (2)
            "0.015625, 0x08",   // 2^-6, the smallest normal
            "1.0625, 0x38",     // halfway between 1 and 1.125: ties to even (1.0)
            "1.1875, 0x3A",     // halfway between 1.125 and 1.25: ties to even (1.25)
    })
    void e4m3RoundsToNearestEven(float value, String code) {
        assertEquals(Integer.decode(code).byteValue(), MiniFloat.E4M3.fromFloat(value));
    }

    @ParameterizedTest(name = "E5M2 {0} -> {1}")
    @CsvSource({
            "1.0, 0x3C",
            "57344, 0x7B",      // largest finite
            "61440, 0x7C",      // halfway past the largest finite, ties to even: infinity
            "-Infinity, 0xFC",
            "Infinity, 0x7C",
            "0.0000152587890625, 0x01", // 2^-16, the smallest subnormal
            "1.125, 0x3C",      // halfway between 1 and 1.25: ties to even (1.0)
    })
    void e5m2RoundsToNearestEven(float value, String code) {
        assertEquals(Integer.decode(code).byteValue(), MiniFloat.E5M2.fromFloat(value));
    }

    @Test
    void infinityBecomesNanInE4m3AndNanStaysNanInBoth() {
        assertEquals((byte) 0x7F, MiniFloat.E4M3.fromFloat(Float.POSITIVE_INFINITY));
        assertEquals((byte) 0xFF, MiniFloat.E4M3.fromFloat(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(MiniFloat.E4M3.toFloat(MiniFloat.E4M3.fromFloat(Float.NaN))));
        assertTrue(Float.isNaN(MiniFloat.E5M2.toFloat(MiniFloat.E5M2.fromFloat(Float.NaN))));
    }

    @Test
    void decodingKnownCodes() {
        assertEquals(448f, MiniFloat.E4M3.toFloat((byte) 0x7E));
        assertEquals(0x1.0p-9f, MiniFloat.E4M3.toFloat((byte) 0x01));
        assertTrue(Float.isNaN(MiniFloat.E4M3.toFloat((byte) 0x7F)));
        assertEquals(-0f, MiniFloat.E4M3.toFloat((byte) 0x80));
        assertEquals(57344f, MiniFloat.E5M2.toFloat((byte) 0x7B));
        assertEquals(Float.NEGATIVE_INFINITY, MiniFloat.E5M2.toFloat((byte) 0xFC));
        assertTrue(Float.isNaN(MiniFloat.E5M2.toFloat((byte) 0x7E)));
    }

    @Test
    void everyCodeSurvivesARoundTrip() {
        for (MiniFloat format : MiniFloat.values()) {
            for (int code = 0; code < 256; code++) {
                float f = format.toFloat((byte) code);
                if (!Float.isNaN(f)) {
                    assertEquals((byte) code, format.fromFloat(f), format + " code " + code);
                }
            }
        }
    }
}
