package dev.skillmerge.checkpoint.dtype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Bf16Test {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // float32 bits, expected bf16 bits
            "0x3F800000, 0x3F80", // 1.0 exact
            "0x3F808000, 0x3F80", // halfway, lower neighbour even: stays
            "0x3F818000, 0x3F82", // halfway, lower neighbour odd: rounds up to even
            "0x3F808001, 0x3F81", // just above halfway: up
            "0x3F807FFF, 0x3F80", // just below halfway: down
            "0x7F7FFFFF, 0x7F80", // largest float rounds to +inf
            "0x7F800000, 0x7F80", // +inf
            "0xFF800000, 0xFF80", // -inf
            "0x00000001, 0x0000", // smallest subnormal rounds to +0
            "0x00010000, 0x0001", // a bf16 subnormal is kept exactly
            "0x80000000, 0x8000", // -0
    })
    void roundsToNearestEven(String f32Bits, String expectedBits) {
        float value = Float.intBitsToFloat(Long.decode(f32Bits).intValue());
        assertEquals(Integer.decode(expectedBits).shortValue(), Bf16.fromFloat(value));
    }

    @Test
    void nanStaysNanEvenWhenItsPayloadIsOnlyInTheDroppedBits() {
        float signallingNan = Float.intBitsToFloat(0x7F800001);
        short bits = Bf16.fromFloat(signallingNan);
        assertTrue(Float.isNaN(Bf16.toFloat(bits)));
        assertEquals((short) 0x7FC0, bits);
        assertEquals((short) 0xFFC0, Bf16.fromFloat(Float.intBitsToFloat(0xFFC00000)));
    }

    @Test
    void everyBf16ValueSurvivesARoundTripThroughFloat() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = Bf16.toFloat((short) bits);
            if (!Float.isNaN(f)) {
                assertEquals((short) bits, Bf16.fromFloat(f));
            }
        }
    }
}
