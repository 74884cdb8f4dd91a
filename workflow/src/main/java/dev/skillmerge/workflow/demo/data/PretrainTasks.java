package dev.skillmerge.workflow.demo.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Generic chat tasks for pre-training the demo's base: small instructions of other kinds than the general
 * mix's (copy, spell, count up, say which word follows another, greet, write a record as JSON, ...), so
 * that the base has met the chat format and following an instruction about its input before any
 * fine-tuning, as pre-training corpora with instruction data give real bases. None of these families is
 * evaluated; the contamination check still compares every evaluated prompt against them.
 */
public final class PretrainTasks implements SkillGenerator {
    private record Family(String name, Function<Draw, DemoItem.Answer> make) {
    }

    private static final List<Family> FAMILIES = List.of(
            new Family("copy", d -> {
                String s = String.join(" ", d.words(d.between(3, 7)));
                return answer("copy", d.pick("Copy this exactly: %s", "Write this again: %s").formatted(s), s);
            }),
            new Family("next", d -> {
                List<String> ws = d.words(d.between(3, 6));
                int i = d.between(0, ws.size() - 2);
                return answer("next", "What word comes after %s in: %s?".formatted(ws.get(i), String.join(" ", ws)), ws.get(i + 1));
            }),
            new Family("contains", d -> {
                List<String> ws = d.words(d.between(3, 6));
                boolean yes = d.chance(0.5);
                String w = yes ? d.pick(ws) : d.word();
                return answer("contains", "Is %s in this list: %s? Answer yes or no.".formatted(w, String.join(" ", ws)),
                        ws.contains(w) ? "yes" : "no");
            }),
            new Family("greet", d -> {
                String n = d.name();
                return answer("greet", d.pick("Say hello to %s.", "Greet %s.").formatted(n), d.pick("Hello, %s! It is nice to meet you.",
                        "Hi %s, welcome!").formatted(n));
            }),
            new Family("thank", d -> {
                String n = d.name();
                String thing = d.pick(GeneralMix.MEANINGS);
                return answer("thank", "Thank %s for the %s.".formatted(n, thing), "Thank you for the %s, %s!".formatted(thing, n));
            }),
            new Family("double", d -> {
                int n = d.between(1, 49);
                return answer("double", d.pick("What is double %d?", "Double the number %d.").formatted(n), Integer.toString(2 * n));
            }),
            new Family("count_up", d -> {
                int a = d.between(1, 20);
                int b = a + d.between(2, 6);
                List<String> xs = new ArrayList<>();
                for (int i = a; i <= b; i++) {
                    xs.add(Integer.toString(i));
                }
                return answer("count_up", "Count from %d to %d.".formatted(a, b), String.join(" ", xs));
            }),
            new Family("spell", d -> {
                String w = d.word();
                return answer("spell", "Spell %s with spaces between the letters.".formatted(w), String.join(" ", w.split("")));
            }),
            new Family("remove", d -> {
                List<String> ws = d.words(d.between(3, 6));
                String w = d.pick(ws);
                List<String> rest = new ArrayList<>(ws);
                rest.remove(w);
                return answer("remove", "Remove the word %s from: %s".formatted(w, String.join(" ", ws)), String.join(" ", rest));
            }),
            new Family("second", d -> {
                List<String> ws = d.words(d.between(3, 6));
                return answer("second", "What is the second word of: %s?".formatted(String.join(" ", ws)), ws.get(1));
            }),
            new Family("lower", d -> {
                String w = d.word();
                return answer("lower", "Write %s in small letters.".formatted(w.toUpperCase(Locale.ROOT)), w);
            }),
            new Family("record", d -> {
                String n = d.name();
                int age = d.between(2, 90);
                String town = d.name();
                return answer("record", "%s is %d years old and lives in %s. Write this as JSON.".formatted(n, age, town),
                        "{\"name\": \"%s\", \"age\": %d, \"town\": \"%s\"}".formatted(n, age, town));
            }),
            new Family("odd_one", d -> {
                String w = d.word();
                int a = d.between(1, 99);
                int b = d.between(1, 99);
                List<String> xs = d.distinct(List.of(Integer.toString(a), w, Integer.toString(b)), 3);
                return answer("odd_one", "Which of these is not a number: %s?".formatted(String.join(", ", xs)), w);
            }));

    @Override
    public String name() {
        return "pretrain-tasks";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public DemoItem item(Draw draw) {
        return draw.pick(FAMILIES).make().apply(draw);
    }

    private static DemoItem.Answer answer(String task, String prompt, String answer) {
        return new DemoItem.Answer(task, prompt, answer, "label_accuracy");
    }
}
