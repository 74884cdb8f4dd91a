package dev.skillmerge.merge.config;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean ...?": the closest valid name by edit distance, when it is close enough to be a typo. */
public final class NearestName {
    private NearestName() {
    }

    public static Optional<String> to(String wrong, Collection<String> valid) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String v : valid) {
            int d = distance(wrong.toLowerCase(java.util.Locale.ROOT), v.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = v;
            }
        }
        return best != null && bestDistance <= Math.max(2, wrong.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    /** " (did you mean 'x'?)" or nothing, followed by the list of valid names. */
    public static String hint(String wrong, Collection<String> valid) {
        return to(wrong, valid).map(n -> "; did you mean '" + n + "'?").orElse("") + " (valid: " + String.join(", ", valid) + ")";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
