package dev.skillmerge.runtime.llama2c;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** llama2.c's run.c {@code encode}, ported line by line for the tests: the tokenizer.json must agree with it. */
final class Llama2cEncoder {
    private final Llama2cVocabulary vocabulary;
    private final Map<String, Integer> ids = new HashMap<>();

    Llama2cEncoder(Llama2cVocabulary vocabulary) {
        this.vocabulary = vocabulary;
        for (int i = 0; i < vocabulary.size(); i++) {
            ids.putIfAbsent(vocabulary.pieces().get(i), i);
        }
    }

    List<Integer> encode(String text, boolean bos) {
        List<Integer> tokens = new ArrayList<>();
        if (bos) {
            tokens.add(Llama2cVocabulary.BOS);
        }
        if (!text.isEmpty()) {
            tokens.add(ids.get(" ")); // the dummy prefix
        }
        text.codePoints().forEach(cp -> {
            String c = new String(Character.toChars(cp));
            Integer id = ids.get(c);
            if (id != null) {
                tokens.add(id);
            } else {
                for (byte b : c.getBytes(StandardCharsets.UTF_8)) {
                    tokens.add((b & 0xFF) + Llama2cVocabulary.FIRST_BYTE);
                }
            }
        });
        int start = bos ? 1 : 0;
        while (true) {
            float best = -1e10f;
            int bestId = -1;
            int bestIndex = -1;
            for (int i = start; i < tokens.size() - 1; i++) {
                Integer id = ids.get(vocabulary.pieces().get(tokens.get(i)) + vocabulary.pieces().get(tokens.get(i + 1)));
                if (id != null && vocabulary.score(id) > best) {
                    best = vocabulary.score(id);
                    bestId = id;
                    bestIndex = i;
                }
            }
            if (bestIndex == -1) {
                return tokens;
            }
            tokens.set(bestIndex, bestId);
            tokens.remove(bestIndex + 1);
        }
    }
}
