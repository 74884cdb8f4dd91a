package dev.skillmerge.runtime.llama2c;

/**
 * Reorders the rows of a llama2.c query or key projection from its interleaved RoPE pairing (dimensions
 * 2i and 2i+1 of a head rotate together) to Hugging Face's rotate-half pairing (i and i + D/2), as
 * transformers' convert_llama_weights_to_hf.py does: within each head, new row j*(D/2) + i is old row
 * 2i + j. The attention scores, and so the model's outputs, are unchanged.
 */
public final class RopePermutation {
    private RopePermutation() {
    }

    public static float[] toRotateHalf(float[] weight, int heads, int headDim, int columns) {
        float[] out = new float[weight.length];
        int half = headDim / 2;
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                for (int j = 0; j < 2; j++) {
                    int from = h * headDim + 2 * i + j;
                    int to = h * headDim + j * half + i;
                    System.arraycopy(weight, from * columns, out, to * columns, columns);
                }
            }
        }
        return out;
    }
}
