package dev.skillmerge.runtime.llama2c;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.WeightsWriter;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.safetensors.TensorOutput;
import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.checkpoint.tensor.TensorSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts a llama2.c model and its tokenizer into a Hugging Face LlamaForCausalLM folder: config.json,
 * model.safetensors (float32, transformers' tensor names, q/k rows permuted to the rotate-half RoPE
 * convention), tokenizer.json, tokenizer_config.json and generation_config.json.
 */
public final class Llama2cImport {
    private Llama2cImport() {
    }

    /** A tensor of the output: its Hugging Face name and shape, and where its values come from in the llama2.c file. */
    private record Mapping(String hfName, Shape shape, String source, int layer, int ropeHeads) {
    }

    public static void run(Path model, Path tokenizer, Path outDir, Progress progress) throws UserInputException, IOException {
        try (Llama2cCheckpoint checkpoint = Llama2cCheckpoint.open(model)) {
            Llama2cCheckpoint.Header h = checkpoint.header();
            Llama2cVocabulary vocabulary = Llama2cVocabulary.read(tokenizer, h.vocabSize());
            List<Mapping> mappings = mappings(h);
            List<TensorSpec> specs = mappings.stream().map(m -> new TensorSpec(m.hfName(), DType.F32, m.shape())).toList();
            try (WeightsWriter writer = WeightsWriter.create(outDir, specs, Long.MAX_VALUE)) {
                for (Mapping m : mappings) {
                    float[] values = checkpoint.read(m.source(), m.layer());
                    if (m.ropeHeads() > 0) {
                        values = RopePermutation.toRotateHalf(values, m.ropeHeads(), h.headSize(), h.dim());
                    }
                    try (TensorOutput out = writer.open(m.hfName())) {
                        out.writeFloats(values, 0, values.length);
                    }
                    progress.advance(1, 4L * values.length);
                }
                writer.finish();
            }
            Json.write(outDir.resolve(ModelFolder.CONFIG), config(h));
            Json.write(outDir.resolve("generation_config.json"), generationConfig());
            Json.write(outDir.resolve("tokenizer.json"), SentencePieceTokenizerJson.build(vocabulary));
            Json.write(outDir.resolve("tokenizer_config.json"), SentencePieceTokenizerJson.tokenizerConfig(h.seqLen()));
        }
    }

    /** How many tensors an import writes, for progress. */
    public static int tensorCount(Path model) throws UserInputException, IOException {
        try (Llama2cCheckpoint checkpoint = Llama2cCheckpoint.open(model)) {
            return mappings(checkpoint.header()).size();
        }
    }

    private static List<Mapping> mappings(Llama2cCheckpoint.Header h) {
        List<Mapping> out = new ArrayList<>();
        int qDim = h.heads() * h.headSize();
        out.add(new Mapping("model.embed_tokens.weight", Shape.of(h.vocabSize(), h.dim()), "tok_embeddings", -1, 0));
        for (int l = 0; l < h.layers(); l++) {
            String p = "model.layers." + l + ".";
            out.add(new Mapping(p + "self_attn.q_proj.weight", Shape.of(qDim, h.dim()), "wq", l, h.heads()));
            out.add(new Mapping(p + "self_attn.k_proj.weight", Shape.of(h.kvDim(), h.dim()), "wk", l, h.kvHeads()));
            out.add(new Mapping(p + "self_attn.v_proj.weight", Shape.of(h.kvDim(), h.dim()), "wv", l, 0));
            out.add(new Mapping(p + "self_attn.o_proj.weight", Shape.of(h.dim(), qDim), "wo", l, 0));
            out.add(new Mapping(p + "mlp.gate_proj.weight", Shape.of(h.hiddenDim(), h.dim()), "w1", l, 0));
            out.add(new Mapping(p + "mlp.up_proj.weight", Shape.of(h.hiddenDim(), h.dim()), "w3", l, 0));
            out.add(new Mapping(p + "mlp.down_proj.weight", Shape.of(h.dim(), h.hiddenDim()), "w2", l, 0));
            out.add(new Mapping(p + "input_layernorm.weight", Shape.of(h.dim()), "rms_att", l, 0));
            out.add(new Mapping(p + "post_attention_layernorm.weight", Shape.of(h.dim()), "rms_ffn", l, 0));
        }
        out.add(new Mapping("model.norm.weight", Shape.of(h.dim()), "rms_final", -1, 0));
        if (!h.sharedClassifier()) {
            out.add(new Mapping("lm_head.weight", Shape.of(h.vocabSize(), h.dim()), "output", -1, 0));
        }
        return out;
    }

    private static ObjectNode config(Llama2cCheckpoint.Header h) {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.putArray("architectures").add("LlamaForCausalLM");
        c.put("model_type", "llama");
        c.put("hidden_size", h.dim());
        c.put("intermediate_size", h.hiddenDim());
        c.put("num_hidden_layers", h.layers());
        c.put("num_attention_heads", h.heads());
        c.put("num_key_value_heads", h.kvHeads());
        c.put("head_dim", h.headSize());
        c.put("vocab_size", h.vocabSize());
        c.put("max_position_embeddings", h.seqLen());
        c.put("rms_norm_eps", 1e-5); // run.c's rmsnorm hard-codes 1e-5
        c.put("rope_theta", 10000.0); // and RoPE's base
        c.put("hidden_act", "silu");
        c.put("attention_bias", false);
        c.put("mlp_bias", false);
        c.put("tie_word_embeddings", h.sharedClassifier());
        c.put("bos_token_id", Llama2cVocabulary.BOS);
        c.put("eos_token_id", Llama2cVocabulary.EOS);
        c.put("torch_dtype", "float32");
        return c;
    }

    /** run.c stops when the model emits BOS, which delimits stories in llama2.c's training data; EOS ends too. */
    private static ObjectNode generationConfig() {
        ObjectNode g = Json.MAPPER.createObjectNode();
        g.put("bos_token_id", Llama2cVocabulary.BOS);
        g.putArray("eos_token_id").add(Llama2cVocabulary.EOS).add(Llama2cVocabulary.BOS);
        return g;
    }
}
