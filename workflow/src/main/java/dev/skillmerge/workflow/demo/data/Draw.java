package dev.skillmerge.workflow.demo.data;

import dev.skillmerge.checkpoint.rng.PositionalRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The random choices of one generated item: an item is a pure function of (seed, generator name, index),
 * so any item can be regenerated alone and the data never depends on the order it was made in. Fillers are
 * made procedurally (pseudo-words from syllables, numbers) rather than picked from short lists: a tiny
 * model memorizes a fixed list of fillers and never learns the task (issue 8's earlier probes).
 */
public final class Draw {
    private static final String[] ONSETS = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "gr", "kl",
            "pl", "st", "tr", "sk", "sh", "ch", "th", "j", "h", "w"};
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "a", "e", "o", "ai", "ou"};
    private static final String[] CODAS = {"", "", "", "n", "r", "l", "s", "m", "k", "t", "x"};

    private final SplittableRandom random;

    public Draw(SplittableRandom random) {
        this.random = random;
    }

    /** The draw of item {@code index} of generator {@code stream} under {@code seed}. */
    public static Draw of(long seed, String stream, long index) {
        return new Draw(new SplittableRandom(PositionalRandom.of(seed, stream).bits(index)));
    }

    /** Uniform in [from, to], both included. */
    public int between(int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    public <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    @SafeVarargs
    public final <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    /** {@code count} different elements of {@code options}, in random order. */
    public <T> List<T> distinct(List<T> options, int count) {
        List<T> pool = new ArrayList<>(options);
        List<T> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(pool.remove(random.nextInt(pool.size())));
        }
        return out;
    }

    /** A pronounceable pseudo-word of {@code syllables} syllables, lower case ("zorbin", "klatu"). */
    public String word(int syllables) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            s.append(pick(ONSETS)).append(pick(VOWELS));
            if (i == syllables - 1 || chance(0.3)) {
                s.append(pick(CODAS));
            }
        }
        return s.toString();
    }

    /** A pseudo-word of 1 to 3 syllables. */
    public String word() {
        return word(between(1, 3));
    }

    /** {@code count} different pseudo-words. */
    public List<String> words(int count) {
        List<String> out = new ArrayList<>(count);
        while (out.size() < count) {
            String w = word();
            if (!out.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /** A capitalized pseudo-word of 2 syllables, used as a person's or place's name. */
    public String name() {
        return capitalize(word(2));
    }

    public static String capitalize(String w) {
        return w.isEmpty() ? w : w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1);
    }
}
