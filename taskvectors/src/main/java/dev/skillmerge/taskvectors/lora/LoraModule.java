package dev.skillmerge.taskvectors.lora;

import dev.skillmerge.checkpoint.tensor.Shape;

/**
 * One module's LoRA update, scale * B A, with factors row-major in float32: A is rank x columns(A),
 * B is rows(B) x rank. A linear layer's weight is rows(B) x columns(A). An embedding table, and a
 * fan_in_fan_out layer, store the update transposed: columns(A) x rows(B).
 */
public record LoraModule(String module, int rank, int rowsB, int columnsA, float[] a, float[] b, boolean transposed, double scaling) {
    public LoraModule {
        if (a.length != (long) rank * columnsA || b.length != (long) rowsB * rank) {
            throw new IllegalArgumentException(module + ": factor sizes do not match rank " + rank);
        }
    }

    /** The shape of the weight this update adds to. */
    public Shape weightShape() {
        return transposed ? Shape.of(columnsA, rowsB) : Shape.of(rowsB, columnsA);
    }

    /** Writes row {@code row} of B A (of its transpose when transposed) into {@code out[0..row length)}, in float32. */
    public void updateRow(int row, float[] out) {
        if (!transposed) {
            java.util.Arrays.fill(out, 0, columnsA, 0f);
            for (int c = 0; c < rank; c++) {
                float coefficient = b[row * rank + c];
                int from = c * columnsA;
                for (int j = 0; j < columnsA; j++) {
                    out[j] += coefficient * a[from + j];
                }
            }
        } else {
            for (int j = 0; j < rowsB; j++) {
                float sum = 0;
                for (int c = 0; c < rank; c++) {
                    sum += b[j * rank + c] * a[c * columnsA + row];
                }
                out[j] = sum;
            }
        }
    }
}
