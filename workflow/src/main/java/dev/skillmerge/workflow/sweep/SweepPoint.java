package dev.skillmerge.workflow.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** One merge of a sweep: a method, the experts' weight and density, and which experts are added. */
public record SweepPoint(int index, String method, double weight, double density, List<String> subset) {
    private static final List<String> SPARSIFYING = List.of("ties", "dare_ties", "dare_linear", "breadcrumbs", "breadcrumbs_ties",
            "della", "della_linear");

    public boolean usesDensity() {
        return SPARSIFYING.contains(method);
    }

    /** "ties w=0.5 d=0.5 science+code". */
    public String label() {
        return method + String.format(Locale.ROOT, " w=%s", number(weight)) + (usesDensity() ? " d=" + number(density) : "")
                + " " + String.join("+", subset);
    }

    /**
     * The resume key: sha256 over the point and the inputs' fingerprints, so a finished point is skipped on
     * rerun and redone when any input model or the evaluation changes.
     */
    public String key(String inputsFingerprint, String evalFingerprint) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((label() + "\n" + inputsFingerprint + "\n" + evalFingerprint).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String number(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
