package dev.skillmerge.merge.sparsify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skillmerge.checkpoint.rng.PositionalRandom;
import org.junit.jupiter.api.Test;

class BernoulliDropTest {
    /** The rule as DARE states it, one entry at a time: drop when u >= density. */
    private static float[] reference(PositionalRandom r, long offset, float[] delta, float density) {
        float[] out = delta.clone();
        for (int i = 0; i < out.length; i++) {
            if (r.uniform(offset + i) >= density) {
                out[i] = 0;
            }
        }
        return out;
    }

    @Test
    void dropsExactlyTheEntriesWhoseUniformIsAtLeastTheDensityBitForBit() {
        PositionalRandom r = PositionalRandom.of(42, "model.layers.0.mlp.up_proj.weight#1");
        float[] delta = new float[100_000];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = (i % 7 - 3) * 0.001f + (i % 5 == 0 ? -0.0f : 0f);
        }
        // 0x1p-24 multiples make density * 2^24 an integer: u == density must drop
        for (float density : new float[] {0f, 0x1p-24f, 0.1f, 0.5f, 0.5f + 0x1p-24f, 0.9f, 1f - 0x1p-24f, 0.3333333f}) {
            float[] got = delta.clone();
            BernoulliDrop.drop(r, 12_345, got, got.length, density);
            float[] want = reference(r, 12_345, delta, density);
            for (int i = 0; i < got.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), "density " + density + " at " + i);
            }
        }
    }

    @Test
    void replayingTheRecordedBitsDropsTheSameEntriesAsTheDraw() {
        PositionalRandom r = PositionalRandom.of(42, "model.layers.0.mlp.up_proj.weight#1");
        float[] delta = new float[10_007]; // two 4096-element batches of draws and a tail that is no whole vector
        for (int i = 0; i < delta.length; i++) {
            delta[i] = (i % 7 - 3) * 0.001f;
        }
        DropRecord record = new DropRecord(1);
        float[] drawn = delta.clone();
        BernoulliDrop.drop(r, 777, drawn, drawn.length, 0.4f, record.record(0, drawn.length));
        float[] replayed = delta.clone();
        BernoulliDrop.replay(record.next(0), replayed, replayed.length);
        for (int i = 0; i < delta.length; i++) {
            assertEquals(Float.floatToRawIntBits(drawn[i]), Float.floatToRawIntBits(replayed[i]), "at " + i);
        }
    }

    @Test
    void keepsAboutTheDensity() {
        PositionalRandom r = PositionalRandom.of(1, "t");
        float[] delta = new float[1 << 20];
        java.util.Arrays.fill(delta, 1f);
        BernoulliDrop.drop(r, 0, delta, delta.length, 0.25f);
        double kept = 0;
        for (float d : delta) {
            kept += d;
        }
        assertEquals(0.25, kept / delta.length, 0.002);
    }
}
