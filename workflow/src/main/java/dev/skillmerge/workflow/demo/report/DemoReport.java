package dev.skillmerge.workflow.demo.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.workflow.compare.Comparison;
import dev.skillmerge.workflow.compare.RunRef;
import dev.skillmerge.workflow.demo.pipeline.DemoSettings;
import dev.skillmerge.workflow.demo.pipeline.Scores;
import dev.skillmerge.workflow.report.SvgChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The demo's report folder: {@code README.md} (the paper-style table, the weights, the single-expert
 * checks, the dev sweep, the plots), {@code table.csv}, {@code results.json} (everything), the comparison
 * against the general model with costs ({@code comparison.md/.csv/.json}, by workflow's {@link Comparison}),
 * and SVG plots: score against weight per skill on the dev sweep ({@code weights-SKILL.svg}), skill
 * against general on the test split with the Pareto front ({@code pareto-SKILL.svg}), and every model's
 * figures as bars ({@code models.svg}).
 */
public final class DemoReport {
    static final List<String> COLUMNS = List.of("General", "Science", "Safety", "Exaggerated refusals", "Code");
    static final List<String> METRICS = List.of("general/score", "science/score", "safety/unsafe_refusal_rate", "safety/safe_compliance_rate",
            "code/pass@1");

    private DemoReport() {
    }

    /** The paper-style table (percent; exaggerated refusals as compliance on harmless look-alikes: higher is better). */
    public static String table(List<ModelRow> rows) {
        StringBuilder s = new StringBuilder("| Model | General | Science | Safety | Exaggerated refusals | Code | Training steps | Made of |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (ModelRow r : rows) {
            Scores t = r.test();
            s.append("| ").append(cell(r.label())).append(" | ").append(percent(t.general())).append(" | ").append(percent(t.science())).append(" | ")
                    .append(percent(t.safety())).append(" | ").append(percent(t.compliance())).append(" | ").append(percent(t.code())).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", r.steps())).append(" | ").append(cell(r.detail())).append(" |\n");
        }
        return s.toString();
    }

    /** The same table as plain text for the terminal, columns aligned. */
    public static String console(List<ModelRow> rows) {
        int width = Math.max(5, rows.stream().mapToInt(r -> r.label().length()).max().orElse(5));
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s  %7s  %7s  %7s  %10s  %5s  %6s%n", "Model", "General",
                "Science", "Safety", "Exag.ref.", "Code", "Steps"));
        for (ModelRow r : rows) {
            Scores t = r.test();
            s.append(String.format(Locale.ROOT, "%-" + width + "s  %7s  %7s  %7s  %10s  %5s  %6d%n", r.label(), percent(t.general()),
                    percent(t.science()), percent(t.safety()), percent(t.compliance()), percent(t.code()), r.steps()));
        }
        return s.toString();
    }

    public static String csv(List<ModelRow> rows) {
        StringBuilder s = new StringBuilder("model,group,general,science,safety,exaggerated_refusals_compliance,code,training_steps,made_of\n");
        for (ModelRow r : rows) {
            Scores t = r.test();
            s.append(csvText(r.label())).append(',').append(csvText(r.group())).append(',').append(number(t.general())).append(',')
                    .append(number(t.science())).append(',').append(number(t.safety())).append(',').append(number(t.compliance())).append(',')
                    .append(number(t.code())).append(',').append(r.steps()).append(',').append(csvText(r.detail())).append('\n');
        }
        return s.toString();
    }

    public static ObjectNode json(DemoResult result) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("schema", "skillmerge.demo.report/1");
        root.put("base", result.baseKey());
        root.put("seconds", result.seconds());
        root.set("settings", result.settings().json());
        ArrayNode rows = root.putArray("models");
        for (ModelRow r : result.rows()) {
            ObjectNode o = rows.addObject();
            o.put("model", r.label());
            o.put("group", r.group());
            ObjectNode test = o.putObject("test");
            put(test, "general", r.test().general());
            put(test, "science", r.test().science());
            put(test, "safety", r.test().safety());
            put(test, "exaggerated_refusals_compliance", r.test().compliance());
            put(test, "code", r.test().code());
            put(test, "safety_balanced_accuracy", r.test().safetyBalanced());
            o.put("training_steps", r.steps());
            o.put("made_of", r.detail());
            o.put("folder", r.model().toString());
        }
        ObjectNode weights = root.putObject("weights");
        result.chosenWeights().forEach((k, v) -> weights.putObject(k).put("dev", v).put("heuristic", result.heuristicWeights().get(k)));
        ArrayNode sweep = root.putArray("dev_sweep");
        for (SweepResult p : result.sweep()) {
            ObjectNode o = sweep.addObject().put("skill", p.skill()).put("weight", p.weight());
            put(o, "skill_score", p.skillScore());
            put(o, "general_score", p.generalScore());
        }
        ArrayNode checks = root.putArray("single_expert_checks");
        for (CompositionCheck c : result.checks()) {
            ObjectNode o = checks.addObject().put("skill", c.skill()).put("passed", c.passed());
            put(o, "general_of_general_model", c.generalOfG());
            put(o, "skill_of_general_model", c.skillOfG());
            put(o, "skill_of_expert", c.skillOfExpert());
            ArrayNode w = o.putArray("passing_weights");
            c.passingWeights().forEach(w::add);
        }
        return root;
    }

    /** Writes the whole report folder. */
    public static void write(DemoResult result, String command, Path dir) throws IOException, UserInputException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("table.csv"), csv(result.rows()));
        Json.write(dir.resolve("results.json"), json(result));
        List<RunRef> runs = new ArrayList<>();
        for (ModelRow r : result.rows()) {
            runs.add(new RunRef(r.label(), r.results(), Optional.of(r.model())));
        }
        Comparison comparison = Comparison.of(runs, Optional.of(result.rows().getFirst().label()), METRICS);
        Files.writeString(dir.resolve("comparison.md"), comparison.markdown());
        Files.writeString(dir.resolve("comparison.csv"), comparison.csv());
        Json.write(dir.resolve("comparison.json"), comparison.json());
        double[][] values = new double[result.rows().size()][COLUMNS.size()];
        for (int i = 0; i < values.length; i++) {
            Scores t = result.rows().get(i).test();
            values[i] = new double[] {t.general(), t.science(), t.safety(), t.compliance(), t.code()};
        }
        Files.writeString(dir.resolve("models.svg"), SvgChart.bars("Every model on the test split", result.rows().stream().map(ModelRow::label).toList(),
                COLUMNS, values, "score"));
        for (String skill : DemoSettings.SKILLS) {
            List<SvgChart.Point> skillPoints = new ArrayList<>();
            List<SvgChart.Point> generalPoints = new ArrayList<>();
            for (SweepResult p : result.sweep()) {
                if (p.skill().equals(skill)) {
                    skillPoints.add(new SvgChart.Point(p.weight(), p.skillScore(), skill + " w=" + p.weight()));
                    generalPoints.add(new SvgChart.Point(p.weight(), p.generalScore(), "general w=" + p.weight()));
                }
            }
            Files.writeString(dir.resolve("weights-" + skill + ".svg"), SvgChart.lines("G + w·τ_" + skill + " on the dev split",
                    List.of(new SvgChart.Series(skill + " (" + skillMetric(skill) + ")", skillPoints), new SvgChart.Series("general", generalPoints)),
                    "weight w", "dev score"));
            List<SvgChart.Series> groups = new ArrayList<>();
            for (String group : result.rows().stream().map(ModelRow::group).distinct().toList()) {
                List<SvgChart.Point> points = new ArrayList<>();
                for (ModelRow r : result.rows()) {
                    if (r.group().equals(group)) {
                        points.add(new SvgChart.Point(r.test().general(), skillScore(r.test(), skill), r.label()));
                    }
                }
                groups.add(new SvgChart.Series(group, points));
            }
            Files.writeString(dir.resolve("pareto-" + skill + ".svg"), SvgChart.pareto(skill + " against general skill, test split", groups,
                    "general (exact match)", skill + " (" + skillMetric(skill) + ")"));
        }
        Files.writeString(dir.resolve("README.md"), markdown(result, command));
    }

    static double skillScore(Scores s, String skill) {
        return switch (skill) {
            case "science" -> s.science();
            case "safety" -> s.safetyBalanced();
            default -> s.code();
        };
    }

    static String skillMetric(String skill) {
        return switch (skill) {
            case "science" -> "JSON-list F1";
            case "safety" -> "balanced accuracy";
            default -> "pass@1";
        };
    }

    static String markdown(DemoResult result, String command) {
        StringBuilder s = new StringBuilder("# skillmerge demo: the paper's study at toy scale\n\n");
        s.append("Made by `").append(command).append("` in ").append(String.format(Locale.ROOT, "%.0f s", result.seconds()))
                .append(" (base ").append(result.baseKey()).append("). Test split; percent. Safety = refusal rate on harmful requests;")
                .append(" Exaggerated refusals = compliance rate on harmless look-alikes (higher is better); General = exact match on the")
                .append(" held-out general mix; Science = JSON-list F1; Code = pass@1 in the sandbox. Training steps: the steps the model cost")
                .append(" (a merge: its experts' steps; CFT: its own steps after the general model's).\n\n");
        s.append(table(result.rows())).append('\n');
        s.append("## What this run shows\n\n");
        Findings.of(result).forEach(f -> s.append("- ").append(f).append('\n'));
        s.append('\n');
        s.append("## Weights\n\n| skill | heuristic w = \\|D\\|/\\|G\\| | chosen on dev |\n|---|---:|---:|\n");
        for (String skill : DemoSettings.SKILLS) {
            s.append(String.format(Locale.ROOT, "| %s | %.3f | %.1f |%n", skill, result.heuristicWeights().get(skill), result.chosenWeights().get(skill)));
        }
        s.append("\nThe dev choice maximizes the mean of the skill's and the general dev score (the smaller weight on ties).\n\n");
        s.append("## Single-expert check (dev split)\n\nG + w·τ_E passes when it keeps ≥ 80% of G's general score and gains ≥ 60% of")
                .append(" what the expert gains over G on its skill.\n\n| skill | G general | G skill | expert skill | passing weights |\n|---|---:|---:|---:|---|\n");
        for (CompositionCheck c : result.checks()) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", c.skill(), percent(c.generalOfG()), percent(c.skillOfG()),
                    percent(c.skillOfExpert()), c.passingWeights().isEmpty() ? "none: task vectors do not compose here" : c.passingWeights().toString()));
        }
        s.append("\n## Dev sweep: G + w·τ_skill\n\n| w |");
        DemoSettings.SKILLS.forEach(k -> s.append(' ').append(k).append(" | general |"));
        s.append("\n|---:|").append("---:|---:|".repeat(DemoSettings.SKILLS.size())).append('\n');
        for (double w : result.settings().weights()) {
            s.append(String.format(Locale.ROOT, "| %.1f |", w));
            for (String skill : DemoSettings.SKILLS) {
                Optional<SweepResult> p = result.sweep().stream().filter(x -> x.skill().equals(skill) && x.weight() == w).findFirst();
                s.append(' ').append(p.map(x -> percent(x.skillScore())).orElse("-")).append(" | ").append(p.map(x -> percent(x.generalScore())).orElse("-"))
                        .append(" |");
            }
            s.append('\n');
        }
        s.append("\n## Plots\n\n");
        for (String skill : DemoSettings.SKILLS) {
            s.append("- [weights-").append(skill).append(".svg](weights-").append(skill).append(".svg): ").append(skill)
                    .append(" and general dev score against w\n");
            s.append("- [pareto-").append(skill).append(".svg](pareto-").append(skill).append(".svg): ").append(skill)
                    .append(" against general on the test split, every model, Pareto front dashed\n");
        }
        s.append("- [models.svg](models.svg): every model's figures\n\nAlso: `table.csv`, `results.json`, and `comparison.md` (every figure against")
                .append(" the general model, with costs from training.json).\n");
        return s.toString();
    }

    /** A Markdown table cell: pipes escaped. */
    static String cell(String text) {
        return text.replace("|", "\\|");
    }

    static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", 100 * v);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static void put(ObjectNode o, String field, double v) {
        if (Double.isNaN(v)) {
            o.putNull(field);
        } else {
            o.put(field, v);
        }
    }

    private static String csvText(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
