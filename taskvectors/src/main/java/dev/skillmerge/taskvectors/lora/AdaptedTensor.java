package dev.skillmerge.taskvectors.lora;

import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.taskvectors.source.ComputedTensor;
import java.io.IOException;

/**
 * A model weight with a LoRA update merged in as it is read: W + (s * scaling) (B A), computed row by
 * row in float32 (B A first, then scaled and added, in PEFT's order) and rounded once to W's dtype.
 * Reading it through the merge engine gives the same values as merging the adapter into a folder first.
 */
final class AdaptedTensor extends ComputedTensor {
    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);

    private final StoredTensor weight;
    private final LoraModule update;
    private final float scale;
    private final int rowLength;

    AdaptedTensor(StoredTensor weight, LoraModule update, double scale) {
        super(weight.file().path(), weight.name(), weight.dtype(), weight.shape());
        this.weight = weight;
        this.update = update;
        this.scale = (float) (scale * update.scaling());
        this.rowLength = (int) weight.shape().dim(1);
    }

    @Override
    protected void compute(long fromElement, float[] dst, int count) throws IOException {
        weight.readFloats(fromElement, dst, 0, count);
        float[] row = ROW.get();
        if (row.length < rowLength) {
            row = new float[rowLength];
            ROW.set(row);
        }
        long end = fromElement + count;
        for (long e = fromElement; e < end; ) {
            int r = (int) (e / rowLength);
            int column = (int) (e % rowLength);
            int run = (int) Math.min(rowLength - column, end - e);
            update.updateRow(r, row);
            int at = (int) (e - fromElement);
            for (int j = 0; j < run; j++) {
                dst[at + j] += row[column + j] * scale;
            }
            e += run;
        }
    }
}
