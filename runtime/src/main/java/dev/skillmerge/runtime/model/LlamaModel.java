package dev.skillmerge.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.ModelConfig;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import java.io.IOException;
import java.util.Optional;

/**
 * A Llama-family decoder written once on DJL NDArrays: generation calls it with a {@link KvCache}, training
 * calls it with {@link KvCache#none()} under a gradient collector (every op here is differentiable and none
 * writes into a parameter). Per layer:
 * <pre>
 *   h = x + o_proj(attention(rope(q_proj(norm(x))), rope(k_proj(norm(x))), v_proj(norm(x))))
 *   x' = h + down_proj(silu(gate_proj(norm(h))) * up_proj(norm(h)))
 * </pre>
 * then a final RMSNorm and the head (the embedding matrix when tied). SiLU, RMSNorm and attention run as
 * libtorch's fused kernels where {@link FusedKernels} finds them, else as DJL ops.
 */
public final class LlamaModel implements AutoCloseable {
    private final LlamaConfig config;
    private final LlamaWeights weights;
    private final NDManager manager;
    private final RotaryEmbedding rope;
    // Scalars as arrays owned by the model: DJL's add/mul(Number) overloads free their temporary scalar
    // tensor early, which corrupts results after a GC and gradients in training.
    private final NDArray eps;
    private final NDArray attentionScale;
    private final Optional<FusedKernels> kernels;

    /** A model that uses libtorch's fused kernels where they are {@link FusedKernels#available() available}. */
    public LlamaModel(LlamaConfig config, LlamaWeights weights, NDManager manager) {
        this(config, weights, manager, "PyTorch".equals(manager.getEngine().getEngineName()) ? FusedKernels.available() : Optional.empty());
    }

    /** {@code kernels} empty: SiLU, RMSNorm and attention as DJL ops (the same values to float rounding; more memory in training). */
    public LlamaModel(LlamaConfig config, LlamaWeights weights, NDManager manager, Optional<FusedKernels> kernels) {
        this.config = config;
        this.weights = weights;
        this.manager = manager;
        this.kernels = kernels;
        this.rope = new RotaryEmbedding(config.rope(), manager);
        this.eps = manager.create((float) config.rmsNormEps());
        this.attentionScale = manager.create((float) (1.0 / Math.sqrt(config.headDim())));
    }

    /** Loads a Hugging Face Llama-family folder onto {@code manager}'s device. */
    public static LlamaModel load(ModelFolder folder, NDManager manager, Progress progress) throws UserInputException, IOException {
        ModelConfig modelConfig = folder.config().orElseThrow(() -> UserInputException.about(folder.root(),
                "has no config.json; a model to run must be a Hugging Face folder with config.json and weights"));
        LlamaConfig config = LlamaConfig.from(modelConfig, folder.root().resolve(ModelFolder.CONFIG));
        return new LlamaModel(config, LlamaWeights.load(folder, config, manager, progress), manager);
    }

    public LlamaConfig config() {
        return config;
    }

    public LlamaWeights weights() {
        return weights;
    }

    /** The manager (and so the device) the parameters live on. */
    public NDManager manager() {
        return manager;
    }

    /**
     * Logits [B, T, vocab] for tokens [B, T] (int64) at positions [start, start + T). Intermediate arrays
     * attach to the manager of {@code tokens} (or the caller's NDScope), never to the model's.
     */
    public NDArray forward(NDArray tokens, int start, KvCache cache) {
        return head(hiddenStates(tokens, start, cache));
    }

    /** The final normed hidden states [B, T, hidden]; {@link #head} turns any slice of them into logits. */
    public NDArray hiddenStates(NDArray tokens, int start, KvCache cache) {
        long t = tokens.getShape().get(1);
        NDManager on = tokens.getManager();
        AttentionMask mask;
        if (t == 1) {
            mask = AttentionMask.none();
        } else if (start == 0 && kernels.isPresent() && config.groupSize() == 1) {
            // the kernel masks the future itself; grouped queries (rows g * T + t) would defeat its row-order rule
            mask = AttentionMask.causalByKernel();
        } else {
            mask = AttentionMask.of(causalMask(on, t, start + t, start));
        }
        return hiddenStates(tokens, start, cache, rope.at(start, (int) t), mask);
    }

    /**
     * The final normed hidden states [B, T, hidden] of a left-padded batch: row b's tokens sit in cache slots
     * [start, start + T) at positions slot - padding[b], and attend to no padding slot.
     */
    public NDArray hiddenStates(NDArray tokens, int start, KvCache cache, LeftPadding padding) {
        if (!padding.any()) {
            return hiddenStates(tokens, start, cache);
        }
        Shape shape = tokens.getShape();
        int b = (int) shape.get(0);
        int t = (int) shape.get(1);
        if (b != padding.rows()) {
            throw new IllegalArgumentException(b + " rows of tokens for a padding of " + padding.rows() + " rows");
        }
        NDManager on = tokens.getManager();
        NDArray positions = on.create(padding.positions(start, t), new Shape(b, t));
        // [B, 1, 1, T, S]: broadcast over the key/value heads and the query groups of the grouped scores
        NDArray mask = on.create(padding.mask(start, t, start + t), new Shape(b, 1, 1, t, start + t));
        return hiddenStates(tokens, start, cache, rope.at(positions, start + t - 1), AttentionMask.of(mask));
    }

    /**
     * The final normed hidden states [B, T, hidden] of rows that each hold one or more whole sequences side
     * by side (a trainer's packed batch), without a cache: {@code positions} [B, T] (int64, each below T) is
     * every token's position within its own sequence, {@code mask} [B, T, T] is 0 where a query may attend to
     * a key and -inf where it may not.
     */
    public NDArray hiddenStates(NDArray tokens, NDArray positions, NDArray mask) {
        Shape shape = tokens.getShape();
        long b = shape.get(0);
        long t = shape.get(1);
        // [B, 1, 1, T, T]: broadcast over the key/value heads and the query groups of the grouped scores
        return hiddenStates(tokens, 0, KvCache.none(), rope.at(positions, (int) t - 1), AttentionMask.of(mask.reshape(b, 1, 1, t, t)));
    }

    private NDArray hiddenStates(NDArray tokens, int start, KvCache cache, RotaryEmbedding.Angles angles, AttentionMask mask) {
        NDArray x = Embedding.embedding(tokens, weights.get("model.embed_tokens.weight"), SparseFormat.DENSE).singletonOrThrow();
        for (int l = 0; l < config.layers(); l++) {
            String p = "model.layers." + l + ".";
            NDArray attended = attention(rmsNorm(x, weights.get(p + "input_layernorm.weight")), p, l, start, cache, angles, mask);
            x = x.add(attended);
            x = x.add(mlp(rmsNorm(x, weights.get(p + "post_attention_layernorm.weight")), p));
        }
        return rmsNorm(x, weights.get("model.norm.weight"));
    }

    public NDArray head(NDArray hidden) {
        String head = config.tiedEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight";
        return Linear.linear(hidden, weights.get(head), null).singletonOrThrow();
    }

    // rms_norm(x) = x / sqrt(mean(x^2) + eps) * weight, over the last axis
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        if (kernels.isPresent()) {
            return kernels.get().rmsNorm(x, weight, config.rmsNormEps());
        }
        NDArray meanSquare = x.square().mean(new int[] {-1}, true);
        return x.div(meanSquare.add(eps).sqrt()).mul(weight);
    }

    private NDArray project(NDArray x, String name) {
        return Linear.linear(x, weights.get(name + ".weight"), weights.optional(name + ".bias").orElse(null)).singletonOrThrow();
    }

    /** {@code mask}'s values are [T, S] or [B, 1, 1, T, S]: they broadcast over the scores viewed as [B, KV, G, T, S]. */
    private NDArray attention(NDArray x, String p, int layer, int start, KvCache cache, RotaryEmbedding.Angles angles, AttentionMask mask) {
        Shape shape = x.getShape();
        long b = shape.get(0);
        long t = shape.get(1);
        int d = config.headDim();
        NDArray q = perHead(project(x, p + "self_attn.q_proj"), b, t, config.heads(), weights.optional(p + "self_attn.q_norm.weight"));
        NDArray k = perHead(project(x, p + "self_attn.k_proj"), b, t, config.kvHeads(), weights.optional(p + "self_attn.k_norm.weight"));
        NDArray v = project(x, p + "self_attn.v_proj").reshape(b, t, config.kvHeads(), d).transpose(0, 2, 1, 3);
        q = rope.apply(q, angles);
        k = rope.apply(k, angles);
        KvCache.KeyValues kv = cache.append(layer, k, v, start);
        // grouped-query attention: query head h reads key/value head h / groupSize. Viewed as [B, KV, G * T, D], the
        // queries of a group meet their key/value head in one batched matmul: the keys and values are read in place
        // (a cache slice), never copied per query head as broadcasting [B, KV, 1, S, D] against the groups would
        NDArray grouped = q.reshape(b, config.kvHeads(), config.groupSize() * t, d);
        long s = kv.keys().getShape().get(2);
        NDArray out = kernels.isPresent() ? fusedAttention(kernels.get(), grouped, kv, mask, b, t, s) : decomposedAttention(grouped, kv, mask, b, t, s);
        out = out.reshape(b, config.heads(), t, d).transpose(0, 2, 1, 3).reshape(b, t, (long) config.heads() * d);
        return project(out, p + "self_attn.o_proj");
    }

    // one fused call; mask values are laid out once per query head of a group ([.., G * T, S])
    private NDArray fusedAttention(FusedKernels fused, NDArray grouped, KvCache.KeyValues kv, AttentionMask mask, long b, long t, long s) {
        if (mask.causal()) {
            return fused.attention(grouped, kv.keys(), kv.values(), null, true);
        }
        long groupSize = config.groupSize();
        NDArray groupMask = null;
        if (mask.values() != null) {
            long rows = mask.values().getShape().dimension() == 2 ? 1 : b;
            groupMask = mask.values().reshape(rows, 1, 1, t, s);
            groupMask = (groupSize == 1 ? groupMask : groupMask.broadcast(rows, 1, groupSize, t, s)).reshape(rows, 1, groupSize * t, s);
            if (groupMask.getDataType() != grouped.getDataType()) {
                groupMask = groupMask.toType(grouped.getDataType(), false);
            }
        }
        return fused.attention(grouped, kv.keys(), kv.values(), groupMask, false);
    }

    private NDArray decomposedAttention(NDArray grouped, KvCache.KeyValues kv, AttentionMask mask, long b, long t, long s) {
        // the 1/sqrt(D) scale goes on the queries, T * D values, not on the T * S scores: training a small model
        // spent 12% of its time multiplying scores (forward and backward), now a tenth of that
        NDArray scores = grouped.mul(attentionScale).matMul(kv.keys().swapAxes(-1, -2)); // [B, KV, G * T, S]
        if (mask.values() != null) {
            long kvHeads = config.kvHeads();
            long groupSize = config.groupSize();
            scores = scores.reshape(b, kvHeads, groupSize, t, s).add(mask.values()).reshape(b, kvHeads, groupSize * t, s);
        }
        return scores.softmax(-1).matMul(kv.values()); // [B, KV, G * T, D]
    }

    /** [B, T, heads * D] -> [B, heads, T, D], with Qwen3's per-head RMSNorm when the checkpoint has one. */
    private NDArray perHead(NDArray x, long b, long t, int heads, Optional<NDArray> norm) {
        NDArray split = x.reshape(b, t, heads, config.headDim());
        if (norm.isPresent()) {
            split = rmsNorm(split, norm.get());
        }
        return split.transpose(0, 2, 1, 3);
    }

    /** [T, S]: 0 where query t (at position start + t) may see key s, -inf where s lies in its future. */
    private static NDArray causalMask(NDManager on, long t, long s, int start) {
        float[] mask = new float[Math.toIntExact(t * s)];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < s; j++) {
                mask[(int) (i * s + j)] = j > start + i ? Float.NEGATIVE_INFINITY : 0f;
            }
        }
        return on.create(mask, new Shape(t, s));
    }

    // down_proj(silu(gate_proj(x)) * up_proj(x)), silu(g) = g * sigmoid(g)
    private NDArray mlp(NDArray x, String p) {
        NDArray gate = project(x, p + "mlp.gate_proj");
        NDArray up = project(x, p + "mlp.up_proj");
        NDArray activated = kernels.isPresent() ? kernels.get().silu(gate) : gate.mul(Activation.sigmoid(gate));
        return project(activated.mul(up), p + "mlp.down_proj");
    }

    /** The logits of the last position only, as floats: all a decode step needs. */
    public float[] lastLogits(NDArray tokens, int start, KvCache cache) {
        return lastLogits(hiddenStates(tokens, start, cache));
    }

    /** The logits of every row's last position, row after row ([B * vocab]), for a left-padded batch. */
    public float[] lastLogits(NDArray tokens, int start, KvCache cache, LeftPadding padding) {
        return lastLogits(hiddenStates(tokens, start, cache, padding));
    }

    private float[] lastLogits(NDArray hidden) {
        long t = hidden.getShape().get(1);
        return head(hidden.get(new NDIndex(":, {}:", t - 1))).toFloatArray();
    }

    @Override
    public void close() {
        rope.close();
        eps.close();
        attentionScale.close();
        weights.close();
    }
}
