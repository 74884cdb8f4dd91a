package dev.skillmerge.workflow.demo.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Small Python scripts for pre-training the demo's base (plain text, as code sits in pre-training
 * corpora): loops, conditions, lists, strings, dictionaries and short functions over made-up names. They
 * teach Python's syntax, not the code skill: no script is a function with a docstring to complete.
 */
public final class PythonScripts {
    private PythonScripts() {
    }

    private static final List<Function<Draw, String>> TEMPLATES = List.of(
            d -> {
                String xs = d.word(2);
                return "%s = %s\ntotal = 0\nfor v in %s:\n    total = total + v\nprint(total)\n".formatted(xs, ints(d), xs);
            },
            d -> {
                String n = d.word(2);
                int k = d.between(2, 9);
                return "%s = %d\nif %s %% %d == 0:\n    print('even split')\nelse:\n    print('left over', %s %% %d)\n".formatted(n, d.between(1, 99), n, k, n, k);
            },
            d -> {
                String f = d.word(2);
                String a = d.pick("a", "x", "left");
                String b = d.pick("b", "y", "right");
                String op = d.pick("+", "-", "*");
                return "def %s(%s, %s):\n    return %s %s %s\n\n\nprint(%s(%d, %d))\n".formatted(f, a, b, a, op, b, f, d.between(1, 20), d.between(1, 20));
            },
            d -> {
                String counts = d.word(2);
                String w = d.word(3);
                return "%s = {}\nfor ch in '%s':\n    %s[ch] = %s.get(ch, 0) + 1\nprint(%s)\n".formatted(counts, w, counts, counts, counts);
            },
            d -> {
                String name = d.word(2);
                return "%s = '%s'\nprint(%s.upper())\nprint(len(%s))\n".formatted(name, d.word(), name, name);
            },
            d -> {
                String i = d.pick("i", "n", "step");
                int limit = d.between(3, 12);
                return "%s = 0\nwhile %s < %d:\n    print(%s)\n    %s += %d\n".formatted(i, i, limit, i, i, d.between(1, 3));
            },
            d -> {
                String xs = d.word(2);
                String ys = d.word(2);
                return "%s = %s\n%s = [v * %d for v in %s if v > %d]\nprint(%s)\n".formatted(xs, ints(d), ys, d.between(2, 5), xs, d.between(0, 9), ys);
            },
            d -> {
                String cls = Draw.capitalize(d.word(2));
                String field = d.word(1);
                return "class %s:\n    def __init__(self, %s):\n        self.%s = %s\n\n\nitem = %s(%d)\nprint(item.%s)\n".formatted(cls, field, field, field, cls,
                        d.between(1, 99), field);
            },
            d -> {
                String words = d.word(2);
                List<String> ws = d.words(d.between(2, 4));
                return "%s = %s\nfor w in sorted(%s):\n    print(w, len(w))\n".formatted(words, CodeSkill.python(ws), words);
            });

    /** One script, or two joined by a blank line. */
    public static String draw(Draw d) {
        String s = d.pick(TEMPLATES).apply(d);
        return d.chance(0.4) ? s + "\n" + d.pick(TEMPLATES).apply(d) : s;
    }

    private static String ints(Draw d) {
        List<Integer> xs = new ArrayList<>();
        for (int i = d.between(2, 6); i > 0; i--) {
            xs.add(d.between(0, 30));
        }
        return CodeSkill.python(xs);
    }
}
