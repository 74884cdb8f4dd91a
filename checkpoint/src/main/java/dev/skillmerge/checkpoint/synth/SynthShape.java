package dev.skillmerge.checkpoint.synth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.checkpoint.tensor.TensorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a Llama-architecture model (the tensor names and shapes of transformers'
 * LlamaForCausalLM). {@link #forParameterCount} picks a realistic shape for a size: Llama's MLP ratio
 * (intermediate = 8/3 hidden, rounded up to 256), 64-wide heads, and a width/depth ratio near 64.
 */
public record SynthShape(int vocab, int hidden, int intermediate, int layers, int heads, int kvHeads, boolean tied) {
    public static final int HEAD_DIM = 64;
    private static final double TARGET_WIDTH_PER_LAYER = 64;

    public SynthShape {
        if (vocab < 1 || hidden < 1 || intermediate < 1 || layers < 1 || heads < 1 || kvHeads < 1) {
            throw new IllegalArgumentException("every dimension must be positive");
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("hidden size " + hidden + " is not divisible by " + heads + " heads");
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(heads + " heads are not divisible into " + kvHeads + " key/value heads");
        }
    }

    public static int defaultIntermediate(int hidden) {
        int raw = (int) Math.ceil(8.0 * hidden / 3);
        return (raw + 255) / 256 * 256;
    }

    /**
     * The shape closest to {@code parameters} whose hidden size is a multiple of 128, keeping any
     * dimension the caller fixed (a non-positive argument means "choose").
     */
    public static SynthShape forParameterCount(long parameters, int vocab, int fixedHidden, int fixedLayers) {
        SynthShape best = null;
        double bestScore = Double.MAX_VALUE;
        int from = fixedHidden > 0 ? fixedHidden : 128;
        int to = fixedHidden > 0 ? fixedHidden : 16384;
        for (int hidden = from; hidden <= to; hidden += 128) {
            int heads = Math.max(1, hidden / HEAD_DIM);
            SynthShape oneLayer = new SynthShape(vocab, hidden, defaultIntermediate(hidden), 1, heads, heads, false);
            long perLayer = oneLayer.parametersPerLayer();
            long outside = oneLayer.parameterCount() - perLayer;
            int layers = fixedLayers > 0 ? fixedLayers : (int) Math.max(1, Math.round((double) (parameters - outside) / perLayer));
            SynthShape shape = new SynthShape(vocab, hidden, defaultIntermediate(hidden), layers, heads, heads, false);
            double sizeError = Math.abs(Math.log((double) shape.parameterCount() / parameters));
            double ratioError = fixedLayers > 0 || fixedHidden > 0 ? 0 : Math.abs(Math.log(hidden / (layers * TARGET_WIDTH_PER_LAYER)));
            double score = sizeError * 4 + ratioError;
            if (score < bestScore) {
                bestScore = score;
                best = shape;
            }
        }
        return best;
    }

    public int headDim() {
        return hidden / heads;
    }

    long parametersPerLayer() {
        long q = (long) hidden * heads * headDim();
        long kv = 2L * hidden * kvHeads * headDim();
        long o = (long) heads * headDim() * hidden;
        long mlp = 3L * hidden * intermediate;
        return q + kv + o + mlp + 2L * hidden;
    }

    public long parameterCount() {
        long embeddings = (long) vocab * hidden * (tied ? 1 : 2);
        return embeddings + layers * parametersPerLayer() + hidden;
    }

    /** Every tensor of the model, in transformers' names, embeddings first and the head last. */
    public List<TensorSpec> tensors(DType dtype) {
        List<TensorSpec> out = new ArrayList<>();
        int qDim = heads * headDim();
        int kvDim = kvHeads * headDim();
        out.add(new TensorSpec("model.embed_tokens.weight", dtype, Shape.of(vocab, hidden)));
        for (int i = 0; i < layers; i++) {
            String p = "model.layers." + i + ".";
            out.add(new TensorSpec(p + "self_attn.q_proj.weight", dtype, Shape.of(qDim, hidden)));
            out.add(new TensorSpec(p + "self_attn.k_proj.weight", dtype, Shape.of(kvDim, hidden)));
            out.add(new TensorSpec(p + "self_attn.v_proj.weight", dtype, Shape.of(kvDim, hidden)));
            out.add(new TensorSpec(p + "self_attn.o_proj.weight", dtype, Shape.of(hidden, qDim)));
            out.add(new TensorSpec(p + "mlp.gate_proj.weight", dtype, Shape.of(intermediate, hidden)));
            out.add(new TensorSpec(p + "mlp.up_proj.weight", dtype, Shape.of(intermediate, hidden)));
            out.add(new TensorSpec(p + "mlp.down_proj.weight", dtype, Shape.of(hidden, intermediate)));
            out.add(new TensorSpec(p + "input_layernorm.weight", dtype, Shape.of(hidden)));
            out.add(new TensorSpec(p + "post_attention_layernorm.weight", dtype, Shape.of(hidden)));
        }
        out.add(new TensorSpec("model.norm.weight", dtype, Shape.of(hidden)));
        if (!tied) {
            out.add(new TensorSpec("lm_head.weight", dtype, Shape.of(vocab, hidden)));
        }
        return out;
    }

    /** config.json as transformers writes it for LlamaForCausalLM. */
    public ObjectNode config(DType dtype) {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.putArray("architectures").add("LlamaForCausalLM");
        c.put("model_type", "llama");
        c.put("hidden_size", hidden);
        c.put("intermediate_size", intermediate);
        c.put("num_hidden_layers", layers);
        c.put("num_attention_heads", heads);
        c.put("num_key_value_heads", kvHeads);
        c.put("head_dim", headDim());
        c.put("vocab_size", vocab);
        c.put("max_position_embeddings", 2048);
        c.put("rms_norm_eps", 1e-5);
        c.put("rope_theta", 10000.0);
        c.put("hidden_act", "silu");
        c.put("initializer_range", 0.02);
        c.put("attention_bias", false);
        c.put("mlp_bias", false);
        c.put("tie_word_embeddings", tied);
        c.put("bos_token_id", 1);
        c.put("eos_token_id", 2);
        c.put("torch_dtype", dtype.torchName());
        return c;
    }
}
