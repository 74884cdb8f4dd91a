package dev.skillmerge.workflow.demo.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.convert.Conversion;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.finetune.train.OpenMpWaitPolicy;
import dev.skillmerge.taskvectors.vector.TrainingRecord;
import dev.skillmerge.workflow.demo.data.DemoData;
import dev.skillmerge.workflow.demo.data.Split;
import dev.skillmerge.workflow.demo.report.CompositionCheck;
import dev.skillmerge.workflow.demo.report.DemoResult;
import dev.skillmerge.workflow.demo.report.Findings;
import dev.skillmerge.workflow.demo.report.ModelRow;
import dev.skillmerge.workflow.demo.report.SweepResult;
import dev.skillmerge.workflow.report.EvalSummary;
import dev.skillmerge.workflow.report.TrainingCost;
import dev.skillmerge.workflow.sweep.SweepRows;
import dev.skillmerge.workflow.sweep.SweepRunner;
import dev.skillmerge.workflow.sweep.SweepSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The paper's study at toy scale, end to end: data, the six fine-tunings (general model, three experts, RT,
 * CFT), the dev-split sweep of task-arithmetic weights (the workflow's sweep runner), the merges (task
 * arithmetic with heuristic and dev-chosen weights, pairs and all three skills, linear, TIES, DARE), and the
 * evaluation of every model on the test split. Every product is cached under a content key in the work
 * folder ({@link StageCache}), so a second run reuses all finished work.
 */
public final class DemoPipeline {
    private final DemoSettings settings;
    private final StageCache cache;
    private final PrintStream log;
    private final long started = System.nanoTime();

    public DemoPipeline(DemoSettings settings, Path work, PrintStream log) {
        this.settings = settings;
        this.cache = new StageCache(work);
        this.log = log;
    }

    /** The whole study. */
    public DemoResult run(Path shippedBase) throws Exception {
        return run(shippedBase, true);
    }

    /**
     * The study; with {@code fullStudy} false, only what the single-expert check needs (the general model,
     * the experts, their dev figures and the dev sweep), and no test rows.
     */
    public DemoResult run(Path shippedBase, boolean fullStudy) throws Exception {
        OpenMpWaitPolicy.passiveUnlessSet(); // before the engine starts: sleeping OpenMP workers (docs/benchmarks.md)
        // 1. the pretrained base, widened to float32 once so that every model and merge is computed and stored in float32
        String baseKey = Keys.ofFolder(shippedBase);
        cache.ensure("base", "base", baseKey, dir -> {
            try (ModelFolder in = ModelFolder.open(shippedBase); Progress p = Progress.silent(0, 0)) {
                Conversion.run(in, Optional.of(DType.F32), Long.MAX_VALUE, 1, dir, p);
            }
        });
        Trainings.Trained base = new Trainings.Trained("base", cache.path("base", "base", baseKey), baseKey);
        stage("base " + shippedBase + " (" + baseKey + ")");

        // 2. data
        String dataKey = Keys.of("data", settings.sizes().toString(), Long.toString(settings.seed()), generatorVersions());
        boolean madeData = cache.ensure("data", "data", dataKey, dir -> DemoData.write(settings.sizes(), settings.seed(), dir));
        Path data = cache.path("data", "data", dataKey);
        stage((madeData ? "generated" : "reusing") + " data " + data + " " + settings.sizes());

        // 3. trainings
        Trainings trainings = new Trainings(cache, data, dataKey, settings.seed(), settings.maxSeqLen(), settings.threads(), log);
        Trainings.Trained general = trainings.train("general", base, List.of("general"), settings.general());
        stage("general model");
        Map<String, Trainings.Trained> experts = new LinkedHashMap<>();
        for (String skill : DemoSettings.SKILLS) {
            experts.put(skill, trainings.train("expert-" + skill, base, List.of(skill), settings.expert()));
            stage("expert " + skill);
        }
        Evaluation evaluation = new Evaluation(data, settings.threads(), settings.evalBatch(), settings.maxTokens(), log);
        String evalKey = Keys.of(dataKey, evaluation.settingsKey());

        // 4. the dev sweep of G + w tau_skill, and the dev figures of G and the experts it is judged against
        Scores generalDev = evaluate(evaluation, general, Split.DEV, evalKey);
        Map<String, Scores> expertDev = new LinkedHashMap<>();
        for (String skill : DemoSettings.SKILLS) {
            expertDev.put(skill, evaluate(evaluation, experts.get(skill), Split.DEV, evalKey));
        }
        List<SweepResult> sweep = sweep(base, general, experts, evaluation, evalKey);
        Map<String, Double> chosen = new LinkedHashMap<>();
        List<CompositionCheck> checks = new ArrayList<>();
        for (String skill : DemoSettings.SKILLS) {
            List<SweepResult> points = sweep.stream().filter(p -> p.skill().equals(skill)).toList();
            chosen.put(skill, choose(points));
            Suite suite = Suite.of(skill);
            checks.add(new CompositionCheck(skill, generalDev.general(), generalDev.skill(suite), expertDev.get(skill).skill(suite), points));
        }
        stage("dev sweep; chosen weights " + chosen);
        checks.forEach(c -> log.println("demo: single-expert check on dev, " + c.summary()));
        Map<String, Double> heuristic = new LinkedHashMap<>();
        long generalExamples = examples(general);
        for (String skill : DemoSettings.SKILLS) {
            heuristic.put(skill, (double) examples(experts.get(skill)) / generalExamples);
        }
        if (!fullStudy) {
            return new DemoResult(settings, baseKey, List.of(), sweep, chosen, heuristic, checks, seconds());
        }
        List<String> all = new ArrayList<>(List.of("general"));
        all.addAll(DemoSettings.SKILLS);
        Trainings.Trained rt = trainings.train("rt", base, all, settings.rt());
        stage("RT");
        Trainings.Trained cft = trainings.train("cft", general, DemoSettings.SKILLS, settings.cft());
        stage("CFT");

        // 5. merges
        Merges merges = new Merges(cache, base, settings.seed(), settings.threads(), log);
        List<Made> merged = new ArrayList<>();
        merged.add(taskArithmetic(merges, "ptm-heuristic", "PTM, w = |D|/|G|", general, experts, DemoSettings.SKILLS, heuristic));
        merged.add(taskArithmetic(merges, "ptm-dev", "PTM, w chosen on dev", general, experts, DemoSettings.SKILLS, chosen));
        for (int i = 0; i < DemoSettings.SKILLS.size(); i++) {
            for (int j = i + 1; j < DemoSettings.SKILLS.size(); j++) {
                List<String> pair = List.of(DemoSettings.SKILLS.get(i), DemoSettings.SKILLS.get(j));
                merged.add(taskArithmetic(merges, "ptm-" + String.join("-", pair), "PTM " + String.join(" + ", pair), general, experts, pair, chosen));
            }
        }
        for (String skill : DemoSettings.SKILLS) {
            merged.add(taskArithmetic(merges, "ptm-" + skill, "PTM " + skill, general, experts, List.of(skill), chosen));
        }
        merged.add(linear(merges, general, experts));
        merged.add(sparse(merges, "ties", "TIES", general, experts, chosen));
        merged.add(sparse(merges, "dare_linear", "DARE", general, experts, chosen));
        stage("merges");

        // 6. the test split, every model
        List<ModelRow> rows = new ArrayList<>();
        rows.add(row(evaluation, evalKey, Findings.GENERAL, "trained", general, steps(general), "base + general mix"));
        for (String skill : DemoSettings.SKILLS) {
            rows.add(row(evaluation, evalKey, Findings.EXPERT + skill, "trained", experts.get(skill), steps(experts.get(skill)), "base + " + skill));
        }
        rows.add(row(evaluation, evalKey, Findings.RT, "trained", rt, steps(rt), "base + general mix + all skills"));
        rows.add(row(evaluation, evalKey, Findings.CFT, "trained", cft, steps(cft), "general model + all skills"));
        for (Made m : merged) {
            rows.add(row(evaluation, evalKey, m.label(), m.group(), m.model(), steps(m.model()), m.detail()));
        }
        stage("test evaluations");
        return new DemoResult(settings, baseKey, rows, sweep, chosen, heuristic, checks, seconds());
    }

    private record Made(String label, String group, Trainings.Trained model, String detail) {
    }

    private Made taskArithmetic(Merges merges, String name, String label, Trainings.Trained general, Map<String, Trainings.Trained> experts,
                                List<String> skills, Map<String, Double> weights) throws Exception {
        List<MergeRecipe.Term> terms = new ArrayList<>(List.of(new MergeRecipe.Term(general, 1.0)));
        skills.forEach(s -> terms.add(new MergeRecipe.Term(experts.get(s), weights.get(s))));
        MergeRecipe recipe = new MergeRecipe(name, "task_arithmetic", terms, 1.0);
        return new Made(label, "PTM (task arithmetic)", merges.merge(recipe, skills.stream().map(experts::get).toList()), recipe.weights());
    }

    /** Linear interpolation of G and the experts with weights |G| and |D_k|, normalized to sum to 1 (the paper's |D| / (|G| + |D|)). */
    private Made linear(Merges merges, Trainings.Trained general, Map<String, Trainings.Trained> experts) throws Exception {
        double total = examples(general);
        for (String s : DemoSettings.SKILLS) {
            total += examples(experts.get(s));
        }
        List<MergeRecipe.Term> terms = new ArrayList<>(List.of(new MergeRecipe.Term(general, examples(general) / total)));
        for (String s : DemoSettings.SKILLS) {
            terms.add(new MergeRecipe.Term(experts.get(s), examples(experts.get(s)) / total));
        }
        MergeRecipe recipe = new MergeRecipe("linear", "linear", terms, 1.0);
        return new Made("Linear, w ∝ |D|", "other merges", merges.merge(recipe, List.copyOf(experts.values())), recipe.weights());
    }

    private Made sparse(Merges merges, String method, String label, Trainings.Trained general, Map<String, Trainings.Trained> experts,
                        Map<String, Double> weights) throws Exception {
        List<MergeRecipe.Term> terms = new ArrayList<>(List.of(new MergeRecipe.Term(general, 1.0)));
        DemoSettings.SKILLS.forEach(s -> terms.add(new MergeRecipe.Term(experts.get(s), weights.get(s))));
        MergeRecipe recipe = new MergeRecipe(method.replace('_', '-'), method, terms, settings.density());
        return new Made(label + String.format(Locale.ROOT, " (density %.1f), w chosen on dev", settings.density()), "other merges",
                merges.merge(recipe, List.copyOf(experts.values())), recipe.weights());
    }

    /** The sweep over the skills' weights, judged on the dev split by the skill's suite and the general mix. */
    private List<SweepResult> sweep(Trainings.Trained base, Trainings.Trained general, Map<String, Trainings.Trained> experts,
                                    Evaluation evaluation, String evalKey) throws Exception {
        Map<String, String> expertPaths = new LinkedHashMap<>();
        StringBuilder keys = new StringBuilder(general.key());
        experts.forEach((skill, t) -> {
            expertPaths.put(skill, t.folder().toString());
            keys.append(',').append(t.key());
        });
        String sweepKey = Keys.of("sweep", base.key(), keys.toString(), evalKey, settings.weights().toString());
        Path out = cache.root().resolve("sweeps").resolve("sweep-" + sweepKey);
        List<List<String>> subsets = DemoSettings.SKILLS.stream().map(List::of).toList();
        SweepSpec spec = new SweepSpec(out.resolve("sweep.yml"), base.folder().toString(), Optional.of(general.folder().toString()), expertPaths,
                List.of("task_arithmetic"), settings.weights(), List.of(1.0), subsets, settings.seed(), Optional.of("float32"),
                new SweepSpec.EvalSpec("general,science,safety,code", List.of("--split", "dev"), List.of()), Optional.of("general"),
                Optional.empty(), out);
        Files.createDirectories(out);
        log.println("demo: sweeping w in " + settings.weights() + " for each skill on the dev split (" + out + ")");
        SweepRunner.run(spec, (model, results) -> {
            List<Suite> suites = new ArrayList<>(List.of(Suite.GENERAL));
            String config = Files.readString(model.resolve("skillmerge_config.yml"));
            experts.forEach((skill, t) -> {
                if (config.contains(t.folder().toString())) {
                    suites.add(Suite.of(skill));
                }
            });
            evaluation.run(model, results, Split.DEV, suites);
            return EvalSummary.read(results);
        }, Keys.of(keys.toString(), evalKey), new SweepRunner.Options(false, null, settings.threads(), log));
        List<SweepResult> out_ = new ArrayList<>();
        for (JsonNode r : SweepRows.readAll(out)) {
            String skill = r.path("subset").asText();
            Suite suite = Suite.of(skill);
            out_.add(new SweepResult(skill, r.path("weight").asDouble(), metric(r, suite.set() + "/" + suite.primary()), metric(r, "general/score")));
        }
        return out_;
    }

    private static double metric(JsonNode row, String key) {
        JsonNode v = row.path("metrics").get(key);
        return v == null || !v.isNumber() ? Double.NaN : v.doubleValue();
    }

    /** The weight with the best mean of the skill's and the general dev score (the smaller weight on ties). */
    static double choose(List<SweepResult> points) {
        SweepResult best = null;
        for (SweepResult p : points) {
            double v = (p.skillScore() + p.generalScore()) / 2;
            if (best == null || v > (best.skillScore() + best.generalScore()) / 2 + 1e-12
                    || (Math.abs(v - (best.skillScore() + best.generalScore()) / 2) <= 1e-12 && p.weight() < best.weight())) {
                best = p;
            }
        }
        return best == null ? 1.0 : best.weight();
    }

    private Path evaluationDir(Trainings.Trained model, Split split, String evalKey) {
        return cache.path("evals", model.name() + "-" + split.name().toLowerCase(Locale.ROOT), Keys.of("eval", model.key(), evalKey, split.name()));
    }

    private Scores evaluate(Evaluation evaluation, Trainings.Trained model, Split split, String evalKey) throws Exception {
        String key = Keys.of("eval", model.key(), evalKey, split.name());
        boolean made = cache.ensure("evals", model.name() + "-" + split.name().toLowerCase(Locale.ROOT), key,
                dir -> evaluation.run(model.folder(), dir, split, List.of(Suite.values())));
        Path dir = evaluationDir(model, split, evalKey);
        Scores s = Scores.of(EvalSummary.read(dir));
        log.printf(Locale.ROOT, "demo: %s %s on %s: general %.2f, science %.2f, safety %.2f, look-alike compliance %.2f, code %.2f%n",
                made ? "evaluated" : "reusing evaluation of", model.name(), split.name().toLowerCase(Locale.ROOT), s.general(), s.science(),
                s.safety(), s.compliance(), s.code());
        return s;
    }

    private ModelRow row(Evaluation evaluation, String evalKey, String label, String group, Trainings.Trained model, long steps, String detail)
            throws Exception {
        Scores test = evaluate(evaluation, model, Split.TEST, evalKey);
        return new ModelRow(label, group, test, steps, detail, model.folder(), evaluationDir(model, Split.TEST, evalKey));
    }

    private static long steps(Trainings.Trained t) throws IOException, UserInputException {
        return TrainingCost.in(t.folder()).steps().orElse(0);
    }

    private static long examples(Trainings.Trained t) throws IOException, UserInputException {
        return TrainingRecord.besideModel(t.folder()).flatMap(r -> r.examples().isPresent() ? Optional.of(r.examples().getAsLong())
                : Optional.empty()).orElseThrow(() -> new IllegalStateException(t.folder() + " has no training.json with dataset.examples"));
    }

    private static String generatorVersions() {
        StringBuilder s = new StringBuilder();
        for (String set : DemoData.SETS) {
            s.append(set).append('=').append(DemoData.generator(set, Split.TRAIN).version()).append(';');
        }
        return s.toString();
    }

    private void stage(String what) {
        log.printf(Locale.ROOT, "demo: [%s] %s%n", clock(seconds()), what);
    }

    private double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
