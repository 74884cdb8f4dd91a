package dev.skillmerge.eval.science;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.eval.data.Jsonl;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The metrics of SciRIFF-style tasks, each mapping (gold, prediction) to a score in [0, 1]. */
public enum ScienceMetric {
    /**
     * Exact-match F1 over JSON lists (extraction tasks): items are compared after normalisation (strings
     * lower-cased with spaces collapsed, other values as canonical JSON), as multisets; two empty lists score 1.
     * The prediction is the first JSON array in the output (code fences allowed); none found scores 0.
     */
    LIST_F1("list_f1") {
        @Override
        public double score(String gold, String prediction) {
            Optional<List<String>> g = jsonList(gold);
            Optional<List<String>> p = jsonList(prediction);
            if (g.isEmpty()) {
                throw new IllegalArgumentException("gold output is not a JSON list: " + gold);
            }
            return p.map(items -> f1(g.get(), items)).orElse(0.0);
        }
    },
    /** Label accuracy (classification tasks): the normalised output, or its first line, equals the gold label. */
    LABEL_ACCURACY("label_accuracy") {
        @Override
        public double score(String gold, String prediction) {
            String g = normalizeLabel(gold);
            String p = normalizeLabel(prediction);
            String firstLine = normalizeLabel(prediction.strip().lines().findFirst().orElse(""));
            return g.equals(p) || g.equals(firstLine) ? 1 : 0;
        }
    },
    /** SQuAD token F1 (free-text answers): lower case, no punctuation or articles, bag-of-words F1. */
    TOKEN_F1("token_f1") {
        @Override
        public double score(String gold, String prediction) {
            List<String> g = answerTokens(gold);
            List<String> p = answerTokens(prediction);
            if (g.isEmpty() || p.isEmpty()) {
                return g.isEmpty() && p.isEmpty() ? 1 : 0;
            }
            return f1(g, p);
        }
    };

    private static final Pattern PUNCTUATION = Pattern.compile("\\p{Punct}|\\p{IsPunctuation}");
    private static final Set<String> ARTICLES = Set.of("a", "an", "the");

    private final String label;

    ScienceMetric(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public abstract double score(String gold, String prediction);

    public static Optional<ScienceMetric> of(String label) {
        for (ScienceMetric m : values()) {
            if (m.label.equals(label)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** F1 of two multisets: 2 * overlap / (|gold| + |predicted|); two empty ones agree fully. */
    static double f1(List<String> gold, List<String> predicted) {
        if (gold.isEmpty() && predicted.isEmpty()) {
            return 1;
        }
        Map<String, Integer> counts = new HashMap<>();
        gold.forEach(g -> counts.merge(g, 1, Integer::sum));
        int overlap = 0;
        for (String p : predicted) {
            Integer c = counts.get(p);
            if (c != null && c > 0) {
                overlap++;
                counts.put(p, c - 1);
            }
        }
        return 2.0 * overlap / (gold.size() + predicted.size());
    }

    static Optional<List<String>> jsonList(String text) {
        String t = text.strip();
        for (int start = t.indexOf('['); start >= 0; start = t.indexOf('[', start + 1)) {
            try (var parser = Jsonl.MAPPER.createParser(t.substring(start))) {
                JsonNode node = Jsonl.MAPPER.readTree(parser);
                if (node != null && node.isArray()) {
                    List<String> items = new ArrayList<>();
                    for (JsonNode e : node) {
                        items.add(e.isTextual() ? normalizeItem(e.asText()) : Jsonl.line(e));
                    }
                    return Optional.of(items);
                }
            } catch (java.io.IOException e) {
                // not JSON from here: try the next '['
            }
        }
        return Optional.empty();
    }

    private static String normalizeItem(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ");
    }

    static String normalizeLabel(String s) {
        return PUNCTUATION.matcher(Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)).replaceAll(" ")
                .strip().replaceAll("\\s+", " ");
    }

    /** SQuAD's normalisation: lower case, punctuation deleted (so "7.5" is "75"), articles dropped. */
    static List<String> answerTokens(String s) {
        List<String> out = new ArrayList<>();
        String text = PUNCTUATION.matcher(Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)).replaceAll("");
        for (String t : text.strip().split("\\s+")) {
            if (!t.isEmpty() && !ARTICLES.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }
}
