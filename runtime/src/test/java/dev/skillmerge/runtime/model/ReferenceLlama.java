package dev.skillmerge.runtime.model;

import java.util.Map;

/**
 * An independent plain-Java Llama forward pass for the tests: every sequence recomputed from scratch, in
 * double precision, loop by loop the way llama2.c's run.c reads. It shares no code with the DJL model.
 *
 * @param interleavedRope llama2.c's convention (dimension 2i paired with 2i+1) instead of Hugging Face's
 *                        rotate-half (i paired with i + D/2)
 */
public record ReferenceLlama(Map<String, float[]> w, int vocab, int hidden, int intermediate, int layers, int heads,
                             int kvHeads, int headDim, double eps, double theta, boolean tied, boolean interleavedRope) {

    /** logits[t][v] for the whole sequence. */
    public double[][] logits(int[] tokens) {
        int n = tokens.length;
        double[][] x = new double[n][hidden];
        float[] emb = w.get("model.embed_tokens.weight");
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < hidden; i++) {
                x[t][i] = emb[tokens[t] * hidden + i];
            }
        }
        int qDim = heads * headDim;
        int kvDim = kvHeads * headDim;
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            double[][] q = new double[n][];
            double[][] k = new double[n][];
            double[][] v = new double[n][];
            for (int t = 0; t < n; t++) {
                double[] h = rmsNorm(x[t], w.get(p + "input_layernorm.weight"));
                q[t] = matVec(w.get(p + "self_attn.q_proj.weight"), w.get(p + "self_attn.q_proj.bias"), h, qDim, hidden);
                k[t] = matVec(w.get(p + "self_attn.k_proj.weight"), w.get(p + "self_attn.k_proj.bias"), h, kvDim, hidden);
                v[t] = matVec(w.get(p + "self_attn.v_proj.weight"), w.get(p + "self_attn.v_proj.bias"), h, kvDim, hidden);
                headNorm(q[t], heads, w.get(p + "self_attn.q_norm.weight"));
                headNorm(k[t], kvHeads, w.get(p + "self_attn.k_norm.weight"));
                rope(q[t], heads, t);
                rope(k[t], kvHeads, t);
            }
            for (int t = 0; t < n; t++) {
                double[] out = new double[qDim];
                for (int h = 0; h < heads; h++) {
                    int kvh = h / (heads / kvHeads);
                    double[] att = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s <= t; s++) {
                        double score = 0;
                        for (int i = 0; i < headDim; i++) {
                            score += q[t][h * headDim + i] * k[s][kvh * headDim + i];
                        }
                        att[s] = score / Math.sqrt(headDim);
                        max = Math.max(max, att[s]);
                    }
                    double sum = 0;
                    for (int s = 0; s <= t; s++) {
                        att[s] = Math.exp(att[s] - max);
                        sum += att[s];
                    }
                    for (int s = 0; s <= t; s++) {
                        for (int i = 0; i < headDim; i++) {
                            out[h * headDim + i] += att[s] / sum * v[s][kvh * headDim + i];
                        }
                    }
                }
                double[] o = matVec(w.get(p + "self_attn.o_proj.weight"), w.get(p + "self_attn.o_proj.bias"), out, hidden, qDim);
                for (int i = 0; i < hidden; i++) {
                    x[t][i] += o[i];
                }
                double[] h = rmsNorm(x[t], w.get(p + "post_attention_layernorm.weight"));
                double[] gate = matVec(w.get(p + "mlp.gate_proj.weight"), w.get(p + "mlp.gate_proj.bias"), h, intermediate, hidden);
                double[] up = matVec(w.get(p + "mlp.up_proj.weight"), w.get(p + "mlp.up_proj.bias"), h, intermediate, hidden);
                for (int i = 0; i < intermediate; i++) {
                    gate[i] = gate[i] / (1 + Math.exp(-gate[i])) * up[i];
                }
                double[] down = matVec(w.get(p + "mlp.down_proj.weight"), w.get(p + "mlp.down_proj.bias"), gate, hidden, intermediate);
                for (int i = 0; i < hidden; i++) {
                    x[t][i] += down[i];
                }
            }
        }
        float[] head = w.get(tied ? "model.embed_tokens.weight" : "lm_head.weight");
        double[][] logits = new double[n][];
        for (int t = 0; t < n; t++) {
            logits[t] = matVec(head, null, rmsNorm(x[t], w.get("model.norm.weight")), vocab, hidden);
        }
        return logits;
    }

    private double[] rmsNorm(double[] x, float[] weight) {
        double ss = 0;
        for (double value : x) {
            ss += value * value;
        }
        double scale = 1 / Math.sqrt(ss / x.length + eps);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = weight[i] * x[i] * scale;
        }
        return out;
    }

    private void headNorm(double[] x, int n, float[] weight) {
        if (weight == null) {
            return;
        }
        for (int h = 0; h < n; h++) {
            double[] head = new double[headDim];
            System.arraycopy(x, h * headDim, head, 0, headDim);
            System.arraycopy(rmsNorm(head, weight), 0, x, h * headDim, headDim);
        }
    }

    private void rope(double[] x, int n, int pos) {
        for (int h = 0; h < n; h++) {
            for (int i = 0; i < headDim / 2; i++) {
                double angle = pos / Math.pow(theta, 2.0 * i / headDim);
                int a = h * headDim + (interleavedRope ? 2 * i : i);
                int b = h * headDim + (interleavedRope ? 2 * i + 1 : i + headDim / 2);
                double x0 = x[a];
                double x1 = x[b];
                x[a] = x0 * Math.cos(angle) - x1 * Math.sin(angle);
                x[b] = x0 * Math.sin(angle) + x1 * Math.cos(angle);
            }
        }
    }

    private static double[] matVec(float[] m, float[] bias, double[] x, int rows, int cols) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double acc = bias == null ? 0 : bias[r];
            for (int c = 0; c < cols; c++) {
                acc += m[r * cols + c] * x[c];
            }
            out[r] = acc;
        }
        return out;
    }
}
