package dev.skillmerge.eval.safety;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How often a classifier agrees with hand labels: accuracy, the confusion matrix (rows = label, columns =
 * prediction, in {@link ResponseClass} order), and the disagreements for reading.
 */
public record Agreement(int total, int agreed, int[][] confusion, List<String> disagreements) {
    public static Agreement measure(RefusalClassifier classifier, List<LabelledResponse> labelled) throws IOException, InterruptedException {
        int n = ResponseClass.values().length;
        int[][] confusion = new int[n][n];
        int agreed = 0;
        List<String> disagreements = new ArrayList<>();
        for (LabelledResponse r : labelled) {
            RefusalClassifier.Verdict v = classifier.classify(r.prompt(), r.response());
            confusion[r.label().ordinal()][v.responseClass().ordinal()]++;
            if (v.responseClass() == r.label()) {
                agreed++;
            } else {
                disagreements.add(r.id() + ": labelled " + r.label().label() + ", classified " + v.responseClass().label() + " (" + v.reason() + ")");
            }
        }
        return new Agreement(labelled.size(), agreed, confusion, disagreements);
    }

    public double accuracy() {
        return total == 0 ? 0 : (double) agreed / total;
    }

    /** A small text table, e.g. for docs and test output. */
    public String table() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "accuracy %d/%d = %.3f%n", agreed, total, accuracy()));
        s.append(String.format(Locale.ROOT, "%-18s %16s %16s %16s%n", "label \\ predicted", "full_compliance", "full_refusal", "partial_refusal"));
        for (ResponseClass label : ResponseClass.values()) {
            int[] row = confusion[label.ordinal()];
            s.append(String.format(Locale.ROOT, "%-18s %16d %16d %16d%n", label.label(), row[0], row[1], row[2]));
        }
        return s.toString();
    }
}
