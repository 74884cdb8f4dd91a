package dev.skillmerge.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.progress.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of a Llama-family model as float32 NDArrays, keyed by their Hugging Face tensor names
 * ({@code model.layers.0.self_attn.q_proj.weight}, ...), so a trainer can attach gradients to them and save
 * them back under the same names. Stored bf16/f16 tensors are widened to float32 while reading: PyTorch's
 * CPU kernels crash on bf16 through DJL.
 */
public final class LlamaWeights implements AutoCloseable {
    /** Rows are read in blocks of at most this many elements, so a huge embedding never needs one giant Java array. */
    private static final long BLOCK_ELEMENTS = 16L << 20;

    private final Map<String, NDArray> parameters;

    private LlamaWeights(Map<String, NDArray> parameters) {
        this.parameters = parameters;
    }

    /** A tensor the architecture expects: its name, shape, and whether a checkpoint may leave it out. */
    public record ParameterSpec(String name, long[] shape, boolean optional) {
    }

    /** Every tensor a Llama-family checkpoint of this config can hold, required ones and optional biases/norms. */
    public static List<ParameterSpec> specs(LlamaConfig c) {
        List<ParameterSpec> out = new ArrayList<>();
        long qDim = (long) c.heads() * c.headDim();
        long kvDim = (long) c.kvHeads() * c.headDim();
        out.add(new ParameterSpec("model.embed_tokens.weight", new long[] {c.vocabSize(), c.hidden()}, false));
        for (int i = 0; i < c.layers(); i++) {
            String p = "model.layers." + i + ".";
            out.add(new ParameterSpec(p + "input_layernorm.weight", new long[] {c.hidden()}, false));
            out.add(new ParameterSpec(p + "self_attn.q_proj.weight", new long[] {qDim, c.hidden()}, false));
            out.add(new ParameterSpec(p + "self_attn.q_proj.bias", new long[] {qDim}, true));
            out.add(new ParameterSpec(p + "self_attn.k_proj.weight", new long[] {kvDim, c.hidden()}, false));
            out.add(new ParameterSpec(p + "self_attn.k_proj.bias", new long[] {kvDim}, true));
            out.add(new ParameterSpec(p + "self_attn.v_proj.weight", new long[] {kvDim, c.hidden()}, false));
            out.add(new ParameterSpec(p + "self_attn.v_proj.bias", new long[] {kvDim}, true));
            out.add(new ParameterSpec(p + "self_attn.o_proj.weight", new long[] {c.hidden(), qDim}, false));
            out.add(new ParameterSpec(p + "self_attn.o_proj.bias", new long[] {c.hidden()}, true));
            out.add(new ParameterSpec(p + "self_attn.q_norm.weight", new long[] {c.headDim()}, true));
            out.add(new ParameterSpec(p + "self_attn.k_norm.weight", new long[] {c.headDim()}, true));
            out.add(new ParameterSpec(p + "post_attention_layernorm.weight", new long[] {c.hidden()}, false));
            out.add(new ParameterSpec(p + "mlp.gate_proj.weight", new long[] {c.intermediate(), c.hidden()}, false));
            out.add(new ParameterSpec(p + "mlp.gate_proj.bias", new long[] {c.intermediate()}, true));
            out.add(new ParameterSpec(p + "mlp.up_proj.weight", new long[] {c.intermediate(), c.hidden()}, false));
            out.add(new ParameterSpec(p + "mlp.up_proj.bias", new long[] {c.intermediate()}, true));
            out.add(new ParameterSpec(p + "mlp.down_proj.weight", new long[] {c.hidden(), c.intermediate()}, false));
            out.add(new ParameterSpec(p + "mlp.down_proj.bias", new long[] {c.hidden()}, true));
        }
        out.add(new ParameterSpec("model.norm.weight", new long[] {c.hidden()}, false));
        out.add(new ParameterSpec("lm_head.weight", new long[] {c.vocabSize(), c.hidden()}, c.tiedEmbeddings()));
        return out;
    }

    /**
     * Reads every parameter of {@code folder} onto {@code manager}'s device. Rejects, naming the tensor, a
     * missing required tensor, a wrong shape, and any tensor the architecture does not use (loading such a
     * checkpoint would silently compute something else).
     */
    public static LlamaWeights load(ModelFolder folder, LlamaConfig config, NDManager manager, Progress progress)
            throws UserInputException, IOException {
        Map<String, StoredTensor> stored = new LinkedHashMap<>();
        for (StoredTensor t : folder.tensors()) {
            stored.put(t.name(), t);
        }
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        try {
            for (ParameterSpec spec : specs(config)) {
                StoredTensor t = stored.remove(spec.name());
                boolean tiedHead = spec.name().equals("lm_head.weight") && config.tiedEmbeddings();
                if (t == null || tiedHead) {
                    if (!spec.optional()) {
                        throw UserInputException.about(folder.root(), "has no tensor '" + spec.name() + "' that a "
                                + config.modelType() + " model of this config.json needs");
                    }
                    continue;
                }
                if (!Arrays.equals(t.shape().dims(), spec.shape())) {
                    throw UserInputException.about(folder.root(), "tensor '" + spec.name() + "' has shape " + t.shape()
                            + " but config.json implies " + Arrays.toString(spec.shape()));
                }
                if (!t.dtype().isFloatingPoint()) {
                    throw UserInputException.about(folder.root(), "tensor '" + spec.name() + "' is " + t.dtype() + ", not floating point");
                }
                parameters.put(spec.name(), read(t, manager));
                progress.advance(1, t.byteLength());
            }
            stored.keySet().removeIf(name -> name.endsWith("rotary_emb.inv_freq")); // a buffer old transformers saved
            if (!stored.isEmpty()) {
                throw UserInputException.about(folder.root(), "tensor '" + stored.keySet().iterator().next()
                        + "' is not part of the Llama architecture this runtime implements");
            }
        } catch (UserInputException | IOException | RuntimeException e) {
            parameters.values().forEach(NDArray::close);
            throw e;
        }
        return new LlamaWeights(parameters);
    }

    /** Wraps parameters that already live on a device (e.g. built by a trainer). */
    public static LlamaWeights of(Map<String, NDArray> parameters) {
        return new LlamaWeights(new LinkedHashMap<>(parameters));
    }

    private static NDArray read(StoredTensor t, NDManager manager) throws IOException {
        long[] dims = t.shape().dims();
        long rowLength = dims.length == 0 ? 1 : t.elementCount() / Math.max(1, dims[0]);
        long rows = dims.length == 0 ? 1 : dims[0];
        long rowsPerBlock = Math.max(1, BLOCK_ELEMENTS / Math.max(1, rowLength));
        List<NDArray> blocks = new ArrayList<>();
        for (long row = 0; row < rows; row += rowsPerBlock) {
            long blockRows = Math.min(rowsPerBlock, rows - row);
            float[] values = new float[Math.toIntExact(blockRows * rowLength)];
            t.readFloats(row * rowLength, values, 0, values.length);
            long[] blockShape = dims.clone();
            if (blockShape.length > 0) {
                blockShape[0] = blockRows;
            }
            blocks.add(manager.create(values, new Shape(blockShape)));
        }
        if (blocks.size() == 1) {
            return blocks.getFirst();
        }
        NDArray whole = NDArrays.concat(new NDList(blocks), 0);
        blocks.forEach(NDArray::close);
        return whole;
    }

    public NDArray get(String name) {
        NDArray a = parameters.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return a;
    }

    public Optional<NDArray> optional(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** Every parameter by Hugging Face name, in checkpoint order. */
    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** Total bytes of the float32 parameters: what one decode step reads from memory. */
    public long byteSize() {
        return parameters.values().stream().mapToLong(a -> a.size() * a.getDataType().getNumOfBytes()).sum();
    }

    @Override
    public void close() {
        parameters.values().forEach(NDArray::close);
    }
}
