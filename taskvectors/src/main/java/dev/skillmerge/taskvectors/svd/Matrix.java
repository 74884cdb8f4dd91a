package dev.skillmerge.taskvectors.svd;

import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.stream.Chunks;
import dev.skillmerge.checkpoint.tensor.TensorReader;
import java.io.IOException;

/**
 * A rows x columns float matrix read front to back in blocks of whole rows: how the randomized SVD sees
 * a 2-D tensor. Each pass re-reads the stored tensor (from the page cache after the first), so memory
 * stays at one block plus the thin factors whatever the matrix size.
 */
public interface Matrix {
    int rows();

    int columns();

    @FunctionalInterface
    interface RowBlock {
        /** Rows {@code [firstRow, firstRow + count)}, row-major in {@code values[0..count * columns)}. */
        void visit(int firstRow, float[] values, int count) throws IOException;
    }

    void forEachBlock(RowBlock visitor) throws IOException;

    static Matrix of(StoredTensor tensor) {
        int rows = (int) tensor.shape().dim(0);
        int columns = (int) tensor.shape().dim(1);
        int blockRows = Math.max(1, Chunks.ELEMENTS / Math.max(1, columns));
        return new Matrix() {
            @Override
            public int rows() {
                return rows;
            }

            @Override
            public int columns() {
                return columns;
            }

            @Override
            public void forEachBlock(RowBlock visitor) throws IOException {
                float[] block = new float[blockRows * columns];
                try (TensorReader reader = tensor.reader()) {
                    for (int first = 0; first < rows; first += blockRows) {
                        int count = Math.min(blockRows, rows - first);
                        reader.read((long) first * columns, block, 0, count * columns);
                        visitor.visit(first, block, count);
                    }
                }
            }
        };
    }

    /** A matrix held in memory, row-major: for tests and small inputs. */
    static Matrix of(int rows, int columns, float[] values) {
        return new Matrix() {
            @Override
            public int rows() {
                return rows;
            }

            @Override
            public int columns() {
                return columns;
            }

            @Override
            public void forEachBlock(RowBlock visitor) throws IOException {
                visitor.visit(0, values, rows);
            }
        };
    }
}
