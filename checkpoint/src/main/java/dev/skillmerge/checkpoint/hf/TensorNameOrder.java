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
        return byRole != 0 ? byRole : natural(a, b);
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
                String da = a.substring(i, ei).replaceFirst("^0+(?=.)", "");
                String db = b.substring(j, ej).replaceFirst("^0+(?=.)", "");
                int c = da.length() != db.length() ? Integer.compare(da.length(), db.length()) : da.compareTo(db);
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
}
