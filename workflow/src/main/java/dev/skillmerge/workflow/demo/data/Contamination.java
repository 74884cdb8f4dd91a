package dev.skillmerge.workflow.demo.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contamination check: no evaluated prompt may occur among the texts a model was trained on. A prompt
 * counts as found when its normalized form ({@link Split#normalize}) equals a normalized training prompt, or
 * occurs inside a normalized training document (pre-training text could hold a prompt inside a longer
 * document). Documents are scanned once with a rolling hash of the prompts' first {@value #WINDOW}
 * characters, so the check costs one pass over the training text whatever the number of prompts.
 */
public final class Contamination {
    static final int WINDOW = 24;
    private static final long BASE = 1_000_003L;

    /** An evaluated prompt that the training texts contain. */
    public record Hit(String evaluated, String where) {
    }

    private final Set<String> prompts = new HashSet<>();
    private final List<String> documents = new ArrayList<>();

    /** Training prompts, compared whole. */
    public Contamination prompts(Collection<String> trainingPrompts) {
        trainingPrompts.forEach(p -> prompts.add(Split.normalize(p)));
        return this;
    }

    /** Training documents, searched for evaluated prompts inside them. */
    public Contamination documents(Collection<String> trainingDocuments) {
        trainingDocuments.forEach(d -> documents.add(Split.normalize(d)));
        return this;
    }

    /** Every evaluated prompt found in the training texts (each once, in the order given), with where it was found. */
    public List<Hit> check(Collection<String> evaluated) {
        Map<String, String> normalized = new LinkedHashMap<>();
        evaluated.forEach(e -> normalized.putIfAbsent(Split.normalize(e), e));
        Map<String, Hit> hits = new LinkedHashMap<>();
        Map<Long, List<String>> byPrefix = new HashMap<>();
        List<String> short_ = new ArrayList<>();
        for (String n : normalized.keySet()) {
            if (prompts.contains(n)) {
                hits.put(n, new Hit(normalized.get(n), "a training prompt"));
            } else if (n.length() < WINDOW) {
                short_.add(n);
            } else {
                byPrefix.computeIfAbsent(hash(n, 0, WINDOW), k -> new ArrayList<>()).add(n);
            }
        }
        long top = 1;
        for (int i = 1; i < WINDOW; i++) {
            top *= BASE;
        }
        for (String d : documents) {
            for (String n : short_) {
                if (!hits.containsKey(n) && d.contains(n)) {
                    hits.put(n, new Hit(normalized.get(n), "a training document"));
                }
            }
            if (d.length() < WINDOW || byPrefix.isEmpty()) {
                continue;
            }
            long h = hash(d, 0, WINDOW);
            for (int at = 0; ; at++) {
                List<String> candidates = byPrefix.get(h);
                if (candidates != null) {
                    for (String n : candidates) {
                        if (!hits.containsKey(n) && d.startsWith(n, at)) {
                            hits.put(n, new Hit(normalized.get(n), "a training document"));
                        }
                    }
                }
                if (at + WINDOW >= d.length()) {
                    break;
                }
                h = (h - d.charAt(at) * top) * BASE + d.charAt(at + WINDOW);
            }
        }
        List<Hit> ordered = new ArrayList<>();
        normalized.keySet().stream().filter(hits::containsKey).forEach(n -> ordered.add(hits.get(n)));
        return ordered;
    }

    private static long hash(String s, int from, int length) {
        long h = 0;
        for (int i = from; i < from + length; i++) {
            h = h * BASE + s.charAt(i);
        }
        return h;
    }
}
