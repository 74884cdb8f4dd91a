package dev.skillmerge.workflow.compare;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.workflow.report.EvalSummary;
import dev.skillmerge.workflow.report.SvgChart;
import dev.skillmerge.workflow.report.TrainingCost;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * {@code skillmerge compare}: every run's metrics side by side, with the change against a reference run
 * and the training cost of each model (steps, examples, tokens, wall time from training.json).
 */
public record Comparison(List<String> labels, List<String> metrics, double[][] values, List<TrainingCost> costs, int reference) {

    /**
     * @param metrics the metrics to show ("hook/metric" or "hook" for its primary); empty = every hook's
     *                primary metric, in the order the runs name them
     */
    public static Comparison of(List<RunRef> runs, Optional<String> referenceLabel, List<String> metrics) throws UserInputException, IOException {
        List<EvalSummary> summaries = new ArrayList<>();
        List<TrainingCost> costs = new ArrayList<>();
        for (RunRef run : runs) {
            summaries.add(EvalSummary.read(run.results()));
            TrainingCost cost = TrainingCost.in(run.results());
            if (cost.equals(TrainingCost.UNKNOWN) && run.model().isPresent()) {
                cost = TrainingCost.in(run.model().get());
            }
            costs.add(cost);
        }
        List<String> keys = new ArrayList<>();
        if (metrics.isEmpty()) {
            LinkedHashSet<String> union = new LinkedHashSet<>();
            summaries.forEach(s -> union.addAll(s.primaryKeys().values()));
            keys.addAll(union);
        } else {
            keys.addAll(metrics);
        }
        double[][] values = new double[runs.size()][keys.size()];
        for (int r = 0; r < runs.size(); r++) {
            for (int m = 0; m < keys.size(); m++) {
                values[r][m] = summaries.get(r).value(keys.get(m)).orElse(Double.NaN);
            }
        }
        List<String> labels = runs.stream().map(RunRef::label).toList();
        int reference = 0;
        if (referenceLabel.isPresent()) {
            reference = labels.indexOf(referenceLabel.get());
            if (reference < 0) {
                throw new UserInputException("--reference '" + referenceLabel.get() + "' is not one of the runs (" + String.join(", ", labels) + ")");
            }
        }
        return new Comparison(labels, keys, values, costs, reference);
    }

    public String markdown() {
        StringBuilder s = new StringBuilder("| run |");
        metrics.forEach(m -> s.append(' ').append(m).append(" |"));
        s.append(" steps | examples | tokens | wall s |\n|---|");
        s.append("---|".repeat(metrics.size() + 4)).append('\n');
        for (int r = 0; r < labels.size(); r++) {
            s.append("| ").append(labels.get(r)).append(r == reference ? " (reference)" : "").append(" |");
            for (int m = 0; m < metrics.size(); m++) {
                double v = values[r][m];
                double ref = values[reference][m];
                s.append(' ').append(Double.isNaN(v) ? "-" : format(v));
                if (r != reference && !Double.isNaN(v) && !Double.isNaN(ref)) {
                    s.append(String.format(Locale.ROOT, " (%+.3f)", v - ref));
                }
                s.append(" |");
            }
            TrainingCost c = costs.get(r);
            s.append(' ').append(text(c.steps())).append(" | ").append(text(c.examples())).append(" | ").append(text(c.tokens()))
                    .append(" | ").append(text(c.wallSeconds())).append(" |\n");
        }
        return s.toString();
    }

    public String csv() {
        StringBuilder s = new StringBuilder("run");
        metrics.forEach(m -> s.append(',').append(m).append(',').append(m).append(" delta"));
        s.append(",steps,examples,tokens,wall_seconds\n");
        for (int r = 0; r < labels.size(); r++) {
            s.append(labels.get(r));
            for (int m = 0; m < metrics.size(); m++) {
                double v = values[r][m];
                double ref = values[reference][m];
                s.append(',').append(Double.isNaN(v) ? "" : format(v)).append(',')
                        .append(Double.isNaN(v) || Double.isNaN(ref) ? "" : format(v - ref));
            }
            TrainingCost c = costs.get(r);
            s.append(',').append(csv(c.steps())).append(',').append(csv(c.examples())).append(',').append(csv(c.tokens()))
                    .append(',').append(csv(c.wallSeconds())).append('\n');
        }
        return s.toString();
    }

    public ObjectNode json() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("reference", labels.get(reference));
        ArrayNode runs = root.putArray("runs");
        for (int r = 0; r < labels.size(); r++) {
            ObjectNode run = runs.addObject();
            run.put("label", labels.get(r));
            ObjectNode m = run.putObject("metrics");
            ObjectNode d = run.putObject("delta");
            for (int k = 0; k < metrics.size(); k++) {
                if (!Double.isNaN(values[r][k])) {
                    m.put(metrics.get(k), values[r][k]);
                    if (!Double.isNaN(values[reference][k])) {
                        d.put(metrics.get(k), values[r][k] - values[reference][k]);
                    }
                }
            }
            ObjectNode cost = run.putObject("cost");
            TrainingCost c = costs.get(r);
            c.steps().ifPresent(v -> cost.put("steps", v));
            c.examples().ifPresent(v -> cost.put("examples", v));
            c.tokens().ifPresent(v -> cost.put("tokens", v));
            c.wallSeconds().ifPresent(v -> cost.put("wall_seconds", v));
        }
        return root;
    }

    public String svg() {
        return SvgChart.bars("skillmerge compare", labels, metrics, values, "score");
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String text(OptionalLong v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%,d", v.getAsLong()) : "-";
    }

    private static String text(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.1f", v.getAsDouble()) : "-";
    }

    private static String csv(OptionalLong v) {
        return v.isPresent() ? Long.toString(v.getAsLong()) : "";
    }

    private static String csv(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.3f", v.getAsDouble()) : "";
    }
}
