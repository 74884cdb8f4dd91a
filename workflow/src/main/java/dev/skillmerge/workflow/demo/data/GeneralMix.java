package dev.skillmerge.workflow.demo.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The general instruction mix (the demo's Tulu): fourteen small tasks with one right answer each (word
 * order, counting, two-digit arithmetic, reading a fact from the prompt, a made-up vocabulary, ...), each
 * asked in two or three phrasings, every filler a fresh pseudo-word or number. Scored by exact match of the
 * answer (the science hook's label_accuracy).
 */
public final class GeneralMix implements SkillGenerator {
    static final List<String> NUMBER_WORDS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
    static final List<String> MEANINGS = List.of("red", "blue", "green", "water", "fire", "stone", "tree", "bird", "fish", "dog", "cat",
            "house", "road", "river", "moon", "sun", "bread", "milk", "king", "child", "friend", "night", "rain", "snow", "gold", "boat");

    private record Family(String name, Function<Draw, DemoItem.Answer> make) {
    }

    private static final List<Family> FAMILIES = List.of(
            new Family("reverse", d -> {
                List<String> ws = d.words(d.between(3, 5));
                List<String> rev = new ArrayList<>(ws);
                Collections.reverse(rev);
                return answer("reverse", d.pick("Reverse the order of these words: %s", "Write these words in reverse order: %s",
                        "Say these words backwards, last word first: %s").formatted(String.join(" ", ws)), String.join(" ", rev));
            }),
            new Family("sort", d -> {
                List<String> ws = d.words(d.between(3, 5));
                List<String> sorted = new ArrayList<>(ws);
                Collections.sort(sorted);
                return answer("sort", d.pick("Sort these words alphabetically: %s", "Put these words in alphabetical order: %s")
                        .formatted(String.join(" ", ws)), String.join(" ", sorted));
            }),
            new Family("count", d -> {
                List<String> ws = d.words(d.between(2, 7));
                return answer("count", d.pick("How many words are in this list: %s?", "Count the words: %s")
                        .formatted(String.join(" ", ws)), Integer.toString(ws.size()));
            }),
            new Family("add", d -> {
                int a = d.between(1, 49);
                int b = d.between(1, 49);
                return answer("add", d.pick("What is %d plus %d?", "Add %d and %d.", "Compute %d + %d.").formatted(a, b), Integer.toString(a + b));
            }),
            new Family("subtract", d -> {
                int a = d.between(10, 99);
                int b = d.between(1, a);
                return answer("subtract", d.pick("What is %d minus %d?", "Subtract %2$d from %1$d.", "Compute %d - %d.").formatted(a, b),
                        Integer.toString(a - b));
            }),
            new Family("upper", d -> {
                String w = d.word();
                return answer("upper", d.pick("Write %s in capital letters.", "Spell %s in upper case.").formatted(w), w.toUpperCase(Locale.ROOT));
            }),
            new Family("last", d -> {
                List<String> ws = d.words(d.between(3, 6));
                return answer("last", d.pick("What is the last word of: %s?", "Which word comes last in: %s?").formatted(String.join(" ", ws)),
                        ws.getLast());
            }),
            new Family("first", d -> {
                List<String> ws = d.words(d.between(3, 6));
                return answer("first", d.pick("What is the first word of: %s?", "Which word comes first in: %s?").formatted(String.join(" ", ws)),
                        ws.getFirst());
            }),
            new Family("where", d -> {
                String a = d.name();
                String b = d.name();
                String p = d.name();
                String q = d.name();
                boolean askB = d.chance(0.5);
                return answer("where", "%s lives in %s. %s lives in %s. Where does %s live?".formatted(a, p, b, q, askB ? b : a), askB ? q : p);
            }),
            new Family("repeat", d -> {
                String w = d.word();
                int k = d.between(2, 4);
                return answer("repeat", d.pick("Repeat the word %s %s times.", "Say %s %s times.").formatted(w, NUMBER_WORDS.get(k)),
                        String.join(" ", Collections.nCopies(k, w)));
            }),
            new Family("larger", d -> {
                int a = d.between(1, 99);
                int b = d.between(1, 99);
                while (b == a) {
                    b = d.between(1, 99);
                }
                return answer("larger", d.pick("Which number is larger, %d or %d?", "Which is bigger: %d or %d?").formatted(a, b),
                        Integer.toString(Math.max(a, b)));
            }),
            new Family("meaning", d -> {
                List<String> ws = d.words(2);
                List<String> ms = d.distinct(MEANINGS, 2);
                int asked = d.between(0, 1);
                String lang = d.name();
                return answer("meaning", "In the %s language, %s means %s and %s means %s. What does %s mean?".formatted(lang, ws.get(0), ms.get(0),
                        ws.get(1), ms.get(1), ws.get(asked)), ms.get(asked));
            }),
            new Family("join", d -> {
                List<String> ws = d.words(d.between(2, 5));
                return answer("join", d.pick("Join these words with dashes: %s", "Connect these words with a dash: %s")
                        .formatted(String.join(" ", ws)), String.join("-", ws));
            }),
            new Family("letter", d -> {
                String w = d.word();
                return answer("letter", d.pick("What is the first letter of %s?", "Which letter does %s start with?").formatted(w), w.substring(0, 1));
            }));

    @Override
    public String name() {
        return "general";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public DemoItem item(Draw draw) {
        return draw.pick(FAMILIES).make().apply(draw);
    }

    /** The task families, in order. */
    public static List<String> tasks() {
        return FAMILIES.stream().map(Family::name).toList();
    }

    private static DemoItem.Answer answer(String task, String prompt, String answer) {
        return new DemoItem.Answer(task, prompt, answer, "label_accuracy");
    }
}
