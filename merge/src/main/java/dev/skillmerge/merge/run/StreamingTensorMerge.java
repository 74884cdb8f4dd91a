package dev.skillmerge.merge.run;

import dev.skillmerge.checkpoint.dtype.Bf16;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.rng.PositionalRandom;
import dev.skillmerge.checkpoint.safetensors.TensorOutput;
import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.checkpoint.tensor.TensorReader;
import dev.skillmerge.merge.method.Chunk;
import dev.skillmerge.merge.method.ScratchTensor;
import dev.skillmerge.merge.method.TensorMerge;
import dev.skillmerge.merge.plan.PlannedTensor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The {@link TensorMerge} a method works on: streams the planned inputs in row-aligned chunks from
 * memory-mapped windows, rounds them to the compute dtype when it is narrower than float32 (as mergekit
 * casts its inputs to {@code dtype}), and writes the output through the tensor's planned output range.
 */
final class StreamingTensorMerge implements TensorMerge, AutoCloseable {
    /**
     * Elements per chunk (rounded down to whole rows): 128 Ki, 512 KB as float32, so that the dozen chunk
     * arrays a method streams through (inputs, output, work) stay near the core's 2 MB L2 cache instead of
     * spilling to L3 as 1 Mi-element chunks did; 15-25% less CPU time per merge, same bytes (design.md).
     */
    static final int CHUNK_ELEMENTS = 1 << 17;

    private static final BufferPool INPUTS = new BufferPool();
    private static final BufferPool WORK = new BufferPool();

    private final PlannedTensor plan;
    private final DType compute;
    private final long seed;
    private final TensorOutput output;
    private final Path scratchDir;
    private final Progress progress;
    private final int rowLength;
    private final int capacity;
    // One reader per input, kept open from the scans to the write pass: its mapped window (the whole tensor
    // when it is under 32 MB) is then mapped and paged in once, not once per pass.
    private TensorReader baseReader;
    private TensorReader[] inputReaders;

    StreamingTensorMerge(PlannedTensor plan, DType compute, long seed, TensorOutput output, Path scratchDir, Progress progress) {
        this.plan = plan;
        this.compute = compute;
        this.seed = seed;
        this.output = output;
        this.scratchDir = scratchDir;
        this.progress = progress;
        Shape shape = plan.shape();
        long row = shape.rank() == 0 ? 1 : shape.dim(shape.rank() - 1);
        this.rowLength = (int) Math.max(1, Math.min(row, Integer.MAX_VALUE / 2));
        this.capacity = Math.max(rowLength, CHUNK_ELEMENTS / rowLength * rowLength);
    }

    @Override
    public String name() {
        return plan.name();
    }

    @Override
    public Shape shape() {
        return plan.shape();
    }

    @Override
    public int rowLength() {
        return rowLength;
    }

    @Override
    public int models() {
        return plan.inputs().size();
    }

    @Override
    public boolean hasBase() {
        return plan.base() != null;
    }

    @Override
    public double param(int model, String name) {
        Double v = plan.modelParameters().get(model).get(name);
        if (v == null) {
            throw new IllegalArgumentException("parameter " + name + " was not planned for " + plan.name());
        }
        return v;
    }

    @Override
    public double global(String name) {
        Double v = plan.globalParameters().get(name);
        if (v == null) {
            throw new IllegalArgumentException("parameter " + name + " was not planned for " + plan.name());
        }
        return v;
    }

    @Override
    public PositionalRandom random(int model) {
        return PositionalRandom.of(seed, plan.name() + "#" + model);
    }

    @Override
    public float[] work(int slot) {
        return WORK.get(slot, capacity);
    }

    @Override
    public ScratchTensor scratch() throws IOException {
        return new ScratchTensor(scratchDir);
    }

    @Override
    public void scan(ChunkVisitor visitor) throws IOException {
        stream(visitor, null);
    }

    @Override
    public void write(ChunkWriter writer) throws IOException {
        stream(null, writer);
    }

    private void stream(ChunkVisitor visitor, ChunkWriter writer) throws IOException {
        long size = size();
        int models = models();
        Chunk chunk = new Chunk();
        chunk.rowLength = rowLength;
        chunk.models = new float[models][];
        for (int k = 0; k < models; k++) {
            chunk.models[k] = INPUTS.get(1 + k, capacity);
        }
        chunk.base = hasBase() ? INPUTS.get(0, capacity) : null;
        float[] out = writer == null ? null : INPUTS.get(models + 1, capacity);
        long bytesPerElement = plan.inputBytes() / Math.max(1, size);
        if (inputReaders == null) {
            baseReader = hasBase() ? plan.base().reader() : null;
            inputReaders = new TensorReader[models];
            for (int k = 0; k < models; k++) {
                inputReaders[k] = plan.inputs().get(k).reader();
            }
        }
        for (long offset = 0; offset < size; offset += capacity) {
            int length = (int) Math.min(capacity, size - offset);
            chunk.offset = offset;
            chunk.length = length;
            if (baseReader != null) {
                read(baseReader, plan.base(), offset, chunk.base, length, null);
            }
            for (int k = 0; k < models; k++) {
                read(inputReaders[k], plan.inputs().get(k), offset, chunk.models[k], length, chunk.base);
            }
            if (writer == null) {
                visitor.visit(chunk);
            } else {
                writer.write(chunk, out);
                output.writeFloats(out, 0, length);
                progress.advance(0, bytesPerElement * length);
            }
        }
    }

    /** Unmaps the inputs' windows. */
    @Override
    public void close() {
        if (baseReader != null) {
            baseReader.close();
        }
        if (inputReaders != null) {
            for (TensorReader r : inputReaders) {
                r.close();
            }
        }
    }

    /**
     * Reads elements [offset, offset + length) of an input. An input with fewer rows than the output
     * (a smaller vocabulary, allowed by --allow-vocab-mismatch) supplies what it has; the rest comes from
     * the base, so its task vector is zero there.
     */
    private void read(TensorReader reader, StoredTensor tensor, long offset, float[] dst, int length, float[] fallback) throws IOException {
        long available = Math.max(0, Math.min(length, tensor.elementCount() - offset));
        if (available > 0) {
            reader.read(offset, dst, 0, (int) available);
        }
        if (available < length) {
            if (fallback != null) {
                System.arraycopy(fallback, (int) available, dst, (int) available, length - (int) available);
            } else {
                java.util.Arrays.fill(dst, (int) available, length, 0f);
            }
        }
        if (compute != null && tensor.dtype() != compute) {
            roundTo(compute, dst, length);
        }
    }

    private static void roundTo(DType dtype, float[] values, int length) {
        if (dtype == DType.BF16) {
            for (int i = 0; i < length; i++) {
                values[i] = Bf16.toFloat(Bf16.fromFloat(values[i]));
            }
        } else if (dtype == DType.F16) {
            for (int i = 0; i < length; i++) {
                values[i] = Float.float16ToFloat(Float.floatToFloat16(values[i]));
            }
        }
    }
}
