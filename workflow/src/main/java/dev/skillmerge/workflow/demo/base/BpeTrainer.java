package dev.skillmerge.workflow.demo.base;

import dev.skillmerge.runtime.llama2c.SentencePieceTokenizerJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte-pair encoding learned from a corpus, SentencePiece style, for the demo's base: text is normalized as
 * llama2.c's tokenizers are ("▁" before the text, every space a "▁"), cut into chunks: runs of newlines, and
 * a run of "▁" with the characters up to the next "▁" or newline (so no piece spans two words, indentation
 * runs merge, and no piece spans a line break: the chat template ends the prompt with "\n", and a piece
 * joining it to the answer's first characters would make the trained tokens differ from the prompted
 * ones); the most frequent adjacent pair of symbols is merged until the vocabulary is full (ties: the pair
 * whose merged string sorts first). Characters rarer than {@code minCharCount} are left to byte fallback.
 * The result encodes the same under Hugging Face's BPE model ({@link TokenizerFiles}), which applies the
 * merges in the order learned: no merge was learned across a chunk boundary, so none applies across one.
 */
public final class BpeTrainer {
    public static final String SPACE = SentencePieceTokenizerJson.SPACE;
    private static final Pattern CHUNK = Pattern.compile("\n+|\u2581*[^\u2581\n]+|\u2581+");

    /** The learned vocabulary: single characters, then merged pieces in merge order, and the merges themselves. */
    public record Vocabulary(List<String> characters, List<String[]> merges) {
        public List<String> pieces() {
            List<String> out = new ArrayList<>(characters);
            merges.forEach(m -> out.add(m[0] + m[1]));
            return out;
        }
    }

    private BpeTrainer() {
    }

    /** "▁" before the text and every space as "▁", as the tokenizer's normalizer does. */
    public static String normalize(String text) {
        return text.isEmpty() ? text : SPACE + text.replace(" ", SPACE);
    }

    /**
     * Learns {@code pieces} pieces (characters and merges together) from {@code texts}.
     */
    public static Vocabulary train(List<String> texts, int pieces, int minCharCount) {
        Map<String, Long> chunkCounts = new HashMap<>();
        Map<Integer, Long> charCounts = new TreeMap<>();
        for (String text : texts) {
            Matcher m = CHUNK.matcher(normalize(text));
            while (m.find()) {
                chunkCounts.merge(m.group(), 1L, Long::sum);
            }
        }
        chunkCounts.forEach((chunk, n) -> chunk.codePoints().forEach(c -> charCounts.merge(c, n, Long::sum)));
        List<String> symbols = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        charCounts.forEach((c, n) -> {
            if (n >= minCharCount) {
                String s = Character.toString(c);
                ids.put(s, symbols.size());
                symbols.add(s);
            }
        });
        List<String> characters = List.copyOf(symbols);
        // each chunk as symbol ids; a rare character becomes -1, which never pairs (its bytes fall back)
        List<int[]> words = new ArrayList<>();
        List<Long> freq = new ArrayList<>();
        for (Map.Entry<String, Long> e : new TreeMap<>(chunkCounts).entrySet()) {
            words.add(e.getKey().codePoints().map(c -> ids.getOrDefault(Character.toString(c), -1)).toArray());
            freq.add(e.getValue());
        }
        Map<Long, Long> pairCounts = new HashMap<>();
        Map<Long, Set<Integer>> where = new HashMap<>();
        for (int w = 0; w < words.size(); w++) {
            addPairs(words.get(w), w, freq.get(w), pairCounts, where, +1);
        }
        List<String[]> merges = new ArrayList<>();
        while (symbols.size() < pieces) {
            long best = 0;
            long bestCount = 0;
            String bestString = null;
            for (Map.Entry<Long, Long> e : pairCounts.entrySet()) {
                long n = e.getValue();
                if (n < bestCount || n <= 0) {
                    continue;
                }
                String s = symbols.get(left(e.getKey())) + symbols.get(right(e.getKey()));
                if (n > bestCount || s.compareTo(bestString) < 0) {
                    best = e.getKey();
                    bestCount = n;
                    bestString = s;
                }
            }
            if (bestCount < 2) {
                break;
            }
            int a = left(best);
            int b = right(best);
            // the same string can arise from two different splits ("ab"+"c", "a"+"bc"): one piece, two merges
            Integer existing = ids.get(bestString);
            int merged = existing != null ? existing : symbols.size();
            if (existing == null) {
                ids.put(bestString, merged);
                symbols.add(bestString);
            }
            merges.add(new String[] {symbols.get(a), symbols.get(b)});
            for (int w : new ArrayList<>(where.getOrDefault(best, Set.of()))) {
                int[] word = words.get(w);
                addPairs(word, w, freq.get(w), pairCounts, where, -1);
                int[] next = replace(word, a, b, merged);
                words.set(w, next);
                addPairs(next, w, freq.get(w), pairCounts, where, +1);
            }
            pairCounts.remove(best);
            where.remove(best);
        }
        return new Vocabulary(characters, List.copyOf(merges));
    }

    private static int[] replace(int[] word, int a, int b, int merged) {
        int[] out = new int[word.length];
        int n = 0;
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == a && word[i + 1] == b) {
                out[n++] = merged;
                i++;
            } else {
                out[n++] = word[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static void addPairs(int[] word, int w, long count, Map<Long, Long> pairCounts, Map<Long, Set<Integer>> where, int sign) {
        for (int i = 0; i + 1 < word.length; i++) {
            if (word[i] < 0 || word[i + 1] < 0) {
                continue;
            }
            long key = ((long) word[i] << 32) | word[i + 1];
            pairCounts.merge(key, sign * count, Long::sum);
            if (sign > 0) {
                where.computeIfAbsent(key, k -> new HashSet<>()).add(w);
            }
        }
    }

    private static int left(long key) {
        return (int) (key >>> 32);
    }

    private static int right(long key) {
        return (int) key;
    }

    /** Pieces in vocabulary order with their ids after the specials and the 256 byte pieces, for tests and reports. */
    public static Map<String, Integer> ids(Vocabulary v, int firstId) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String p : v.pieces()) {
            out.putIfAbsent(p, firstId + out.size());
        }
        return out;
    }
}
