package dev.skillmerge.workflow.demo.data;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The code skill in HumanEval's format: a Python function's signature and docstring (what to compute, one
 * example) to complete with its body, checked by three assertions run in the eval hooks' sandbox. Sixteen
 * small operations on numbers, lists and strings; the function name, the argument's name, the constants
 * and the example values are drawn fresh for every item, so the body has to be read off the docstring.
 * The expected values of the assertions are computed here, in Java, from the same definition.
 */
public final class CodeSkill implements SkillGenerator {
    static final List<String> LIST_ARGS = List.of("nums", "values", "items", "xs", "data", "numbers", "scores");
    static final List<String> STRING_ARGS = List.of("s", "text", "word", "name", "line");
    static final List<String> INT_ARGS = List.of("n", "x", "value", "num", "k", "count");

    /** An argument kind with its Python literal form. */
    enum Kind { INTS, STRING, INT }

    /**
     * One operation: the docstring (with %1$s the argument, %2$s the constant), the body, and its value in Java.
     */
    private record Operation(String task, Kind kind, String doc, String body, Evaluator eval) {
    }

    @FunctionalInterface
    private interface Evaluator {
        Object apply(Object arg, int k, String letter);
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> ints(Object o) {
        return (List<Integer>) o;
    }

    private static final List<Operation> OPERATIONS = List.of(
            new Operation("sum", Kind.INTS, "Return the sum of the numbers in %1$s.", "return sum(%1$s)",
                    (a, k, c) -> ints(a).stream().mapToInt(Integer::intValue).sum()),
            new Operation("max", Kind.INTS, "Return the largest number in %1$s.", "return max(%1$s)",
                    (a, k, c) -> ints(a).stream().mapToInt(Integer::intValue).max().orElseThrow()),
            new Operation("min", Kind.INTS, "Return the smallest number in %1$s.", "return min(%1$s)",
                    (a, k, c) -> ints(a).stream().mapToInt(Integer::intValue).min().orElseThrow()),
            new Operation("times", Kind.INT, "Return %1$s multiplied by %2$d.", "return %1$s * %2$d", (a, k, c) -> (Integer) a * k),
            new Operation("plus", Kind.INT, "Return %1$s plus %2$d.", "return %1$s + %2$d", (a, k, c) -> (Integer) a + k),
            new Operation("square", Kind.INT, "Return the square of %1$s.", "return %1$s * %1$s", (a, k, c) -> (Integer) a * (Integer) a),
            new Operation("divisible", Kind.INT, "Return True if %1$s is divisible by %2$d, and False otherwise.", "return %1$s %% %2$d == 0",
                    (a, k, c) -> (Integer) a % k == 0),
            new Operation("evens", Kind.INTS, "Return a list of the even numbers in %1$s.", "return [v for v in %1$s if v %% 2 == 0]",
                    (a, k, c) -> ints(a).stream().filter(v -> v % 2 == 0).toList()),
            new Operation("shift", Kind.INTS, "Return a list with every number in %1$s increased by %2$d.", "return [v + %2$d for v in %1$s]",
                    (a, k, c) -> ints(a).stream().map(v -> v + k).toList()),
            new Operation("greater", Kind.INTS, "Return how many numbers in %1$s are greater than %2$d.",
                    "return len([v for v in %1$s if v > %2$d])", (a, k, c) -> (int) ints(a).stream().filter(v -> v > k).count()),
            new Operation("length", Kind.INTS, "Return the number of items in %1$s.", "return len(%1$s)", (a, k, c) -> ints(a).size()),
            new Operation("head", Kind.INTS, "Return the first %2$d items of %1$s.", "return %1$s[:%2$d]",
                    (a, k, c) -> ints(a).subList(0, Math.min(k, ints(a).size()))),
            new Operation("reverse", Kind.STRING, "Return the string %1$s reversed.", "return %1$s[::-1]",
                    (a, k, c) -> new StringBuilder((String) a).reverse().toString()),
            new Operation("upper", Kind.STRING, "Return %1$s in upper case.", "return %1$s.upper()",
                    (a, k, c) -> ((String) a).toUpperCase(java.util.Locale.ROOT)),
            new Operation("repeat", Kind.STRING, "Return the string %1$s repeated %2$d times.", "return %1$s * %2$d",
                    (a, k, c) -> ((String) a).repeat(k)),
            new Operation("count", Kind.STRING, "Return how many times the letter '%3$s' appears in %1$s.", "return %1$s.count('%3$s')",
                    (a, k, c) -> (int) ((String) a).chars().filter(ch -> ch == c.charAt(0)).count()));

    @Override
    public String name() {
        return "code";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public DemoItem item(Draw d) {
        Operation op = d.pick(OPERATIONS);
        String function = d.word(2) + "_" + d.word(1);
        String arg = d.chance(0.3) ? d.word(2) : switch (op.kind()) {
            case INTS -> d.pick(LIST_ARGS);
            case STRING -> d.pick(STRING_ARGS);
            case INT -> d.pick(INT_ARGS);
        };
        int k = d.between(2, 9);
        String letter = d.pick("a", "e", "i", "o", "u");
        String doc = op.doc().formatted(arg, k, letter);
        Object example = value(op.kind(), d, letter);
        String prompt = "def %s(%s):\n    \"\"\"%s\n    >>> %s(%s)\n    %s\n    \"\"\"\n".formatted(function, arg, doc, function, python(example),
                python(op.eval().apply(example, k, letter)));
        String body = "    " + op.body().formatted(arg, k, letter) + "\n";
        StringBuilder test = new StringBuilder("def check(candidate):\n");
        for (int i = 0; i < 3; i++) {
            Object input = value(op.kind(), d, letter);
            test.append("    assert candidate(").append(python(input)).append(") == ").append(python(op.eval().apply(input, k, letter))).append('\n');
        }
        return new DemoItem.Code(op.task(), function, prompt, body, test.toString());
    }

    /** A random argument: 2-6 numbers below 20, a pseudo-word holding the letter sometimes, or a number below 30. */
    private static Object value(Kind kind, Draw d, String letter) {
        return switch (kind) {
            case INTS -> {
                List<Integer> xs = new ArrayList<>();
                int n = d.between(2, 6);
                for (int i = 0; i < n; i++) {
                    xs.add(d.between(0, 19));
                }
                yield List.copyOf(xs);
            }
            case STRING -> d.chance(0.5) ? d.word() + letter + d.word(1) : d.word();
            case INT -> d.between(1, 30);
        };
    }

    /** The Python literal of a value: [1, 2], 'abc', 7, True. */
    static String python(Object v) {
        return switch (v) {
            case List<?> list -> list.stream().map(CodeSkill::python).collect(Collectors.joining(", ", "[", "]"));
            case String s -> "'" + s + "'";
            case Boolean b -> b ? "True" : "False";
            default -> v.toString();
        };
    }
}
