package dev.skillmerge.workflow.demo.pipeline;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One merge of the demo as mergekit writes it: a method over the pretrained base, models with weights, and
 * a density for the sparsifying methods (TIES, DARE).
 *
 * @param density 1 when the method does not sparsify
 */
public record MergeRecipe(String name, String method, List<Term> terms, double density) {
    /** A model of the merge and its weight. */
    public record Term(Trainings.Trained model, double weight) {
    }

    public MergeRecipe {
        terms = List.copyOf(terms);
    }

    /** The mergekit config over {@code base}, computed and written in float32. */
    public String yaml(Trainings.Trained base) {
        StringBuilder s = new StringBuilder();
        s.append("merge_method: ").append(method).append('\n');
        s.append("base_model: ").append(quote(base.folder().toString())).append('\n');
        s.append("dtype: float32\nout_dtype: float32\n");
        if (density < 1) {
            s.append("parameters: {density: ").append(number(density)).append("}\n");
        }
        s.append("models:\n");
        for (Term t : terms) {
            s.append("  - {model: ").append(quote(t.model().folder().toString())).append(", parameters: {weight: ").append(number(t.weight()))
                    .append("}}\n");
        }
        return s.toString();
    }

    /** "science 0.3 + code 0.5" style summary of the weights, for tables. */
    public String weights() {
        return terms.stream().map(t -> t.model().name() + " " + String.format(Locale.ROOT, "%.2f", t.weight())).collect(Collectors.joining(", "));
    }

    /** What makes two merges the same merge: the method, density, and each input's key and weight. */
    public String key(Trainings.Trained base, long seed) {
        String terms = this.terms.stream().map(t -> t.model().key() + "@" + number(t.weight())).collect(Collectors.joining(","));
        return Keys.of("merge", method, number(density), base.key(), terms, Long.toString(seed));
    }

    static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String quote(String path) {
        return "\"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
