package dev.skillmerge.checkpoint.hf;


import java.util.Comparator;

/**
 * Orders tensor names the way a reader expects a model: digit runs compare as numbers, so
 * "layers.2" comes before "layers.10", and embeddings come first and the head last.
 */
public final class TensorNameOrder implements Comparator<String> {
    public static final TensorNameOrder INSTANCE = new TensorNameOrder();

    private TensorNameOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int byRole = Integer.compare(role(a), role(b));
        if (byRole != 0) {
            return byRole;
        }
        int byNumbers = natural(a, b);
        // "h.07" and "h.7" are different tensors: a map keyed by this order must keep both
        return byNumbers != 0 ? byNumbers : a.compareTo(b);
    }

    private static int role(String name) {
        if (name.contains("embed_tokens") || name.contains("wte") || name.contains("tok_embeddings")) {
            return 0;
        }
        if (name.startsWith("lm_head") || name.contains(".lm_head")) {
            return 2;
        }
        return 1;
    }

    private static int natural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = i;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                int ej = j;
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                int c = compareNumbers(a, i, ei, b, j, ej);
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    // Digit runs a[i, ei) and b[j, ej) as numbers: leading zeros skipped (one digit kept), then the longer
    // is larger, then digit by digit. Without regular expressions: a TreeMap lookup compares several names,
    // and each comparison used to compile two patterns.
    private static int compareNumbers(String a, int i, int ei, String b, int j, int ej) {
        while (i < ei - 1 && a.charAt(i) == '0') {
            i++;
        }
        while (j < ej - 1 && b.charAt(j) == '0') {
            j++;
        }
        if (ei - i != ej - j) {
            return Integer.compare(ei - i, ej - j);
        }
        for (; i < ei; i++, j++) {
            if (a.charAt(i) != b.charAt(j)) {
                return Character.compare(a.charAt(i), b.charAt(j));
            }
        }
        return 0;
    }
}
