package dev.skillmerge.finetune.output;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.safetensors.SafetensorsFile;
import dev.skillmerge.checkpoint.safetensors.TensorOutput;
import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.checkpoint.tensor.TensorInfo;
import dev.skillmerge.checkpoint.tensor.TensorSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Device arrays to and from safetensors tensors. Large arrays cross to the host in blocks of rows, so a
 * big embedding never needs one giant Java array.
 */
public final class ArrayTensors {
    private static final long BLOCK_ELEMENTS = 16L << 20;

    private ArrayTensors() {
    }

    public static TensorSpec spec(String name, NDArray array, DType dtype) {
        return new TensorSpec(name, dtype, Shape.of(array.getShape().getShape()));
    }

    /** Streams {@code array} into {@code out}, converting float32 to the output's dtype. */
    public static void write(NDArray array, TensorOutput out) throws IOException {
        long rows = array.getShape().dimension() == 0 ? 1 : array.getShape().get(0);
        long rowLength = rows == 0 ? 0 : array.size() / rows;
        long rowsPerBlock = Math.max(1, BLOCK_ELEMENTS / Math.max(1, rowLength));
        for (long row = 0; row < rows; row += rowsPerBlock) {
            try (NDScope scope = new NDScope()) {
                NDArray block = rows <= rowsPerBlock ? array : array.get(new NDIndex("{}:{}", row, Math.min(rows, row + rowsPerBlock)));
                float[] values = block.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
                out.writeFloats(values, 0, values.length);
            }
        }
    }

    /** Every tensor of a safetensors file as float32 values, by name, in file order. */
    public static Map<String, float[]> read(Path file) throws UserInputException, IOException {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (TensorInfo t : f.tensors()) {
                float[] values = new float[Math.toIntExact(t.elementCount())];
                f.readFloats(t, 0, values, 0, values.length);
                out.put(t.name(), values);
            }
        }
        return out;
    }
}
