package dev.skillmerge.workflow.demo.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a demo run shows, in sentences computed from its numbers (never written in advance): whether task
 * vectors composed (the single-expert check), what continued fine-tuning did to the general skill, how
 * often each model complied with harmless look-alikes of harmful requests, and what each approach cost in
 * training steps. The same code describes a run where merging works and one where it does not.
 */
public final class Findings {
    /** The labels of the trained rows, as the pipeline names them. */
    public static final String GENERAL = "General model";
    public static final String RT = "RT";
    public static final String CFT = "CFT";
    public static final String EXPERT = "Expert: ";
    static final String SAFETY_EXPERT = EXPERT + "safety";

    private Findings() {
    }

    public static List<String> of(DemoResult result) {
        List<String> out = new ArrayList<>();
        out.add(merging(result.checks()));
        Optional<ModelRow> general = row(result, GENERAL);
        Optional<ModelRow> rt = row(result, RT);
        Optional<ModelRow> cft = row(result, CFT);
        if (general.isPresent() && cft.isPresent()) {
            out.add(String.format(Locale.ROOT, "**Forgetting**: continued fine-tuning on the skills took the general score from %s (general model) to"
                    + " %s (CFT); retraining on everything (RT) scored %s.", pct(general.get().test().general()), pct(cft.get().test().general()),
                    rt.map(r -> pct(r.test().general())).orElse("-")));
        }
        List<String> compliance = new ArrayList<>();
        for (String label : List.of(GENERAL, SAFETY_EXPERT, RT, CFT)) {
            row(result, label).ifPresent(r -> compliance.add(label + " " + pct(r.test().compliance())));
        }
        if (!compliance.isEmpty()) {
            out.add("**Exaggerated refusals**: compliance with harmless look-alikes of harmful requests (\"kill a process\"): "
                    + String.join(", ", compliance) + ".");
        }
        if (general.isPresent() && rt.isPresent() && cft.isPresent()) {
            List<ModelRow> experts = result.rows().stream().filter(r -> r.label().startsWith(EXPERT)).toList();
            out.add(String.format(Locale.ROOT, "**Cost** (training steps of %d examples): RT %,d from the base; CFT %,d after the general model's"
                            + " %,d; the %d experts %,d together, each trainable in parallel, and a merge adds none.",
                    result.settings().expert().batchSize(), rt.get().steps(), cft.get().steps(), general.get().steps(), experts.size(),
                    experts.stream().mapToLong(ModelRow::steps).sum()));
        }
        return out;
    }

    static String merging(List<CompositionCheck> checks) {
        List<String> parts = new ArrayList<>();
        for (CompositionCheck c : checks) {
            Optional<SweepResult> best = c.best();
            if (best.isPresent()) {
                parts.add(String.format(Locale.ROOT, "%s passes at w = %s (best: w = %.1f, %s %s, general %s)", c.skill(), c.passingWeights(),
                        best.get().weight(), c.skill(), pct(best.get().skillScore()), pct(best.get().generalScore())));
            } else {
                SweepResult top = c.points().stream().max(Comparator.comparingDouble(SweepResult::skillScore)
                        .thenComparing(Comparator.comparingDouble(SweepResult::generalScore))).orElse(null);
                parts.add(top == null ? c.skill() + " was not swept" : String.format(Locale.ROOT,
                        "%s fails (expert %s, G %s; the best G + w·τ reaches %s at w = %.1f, with general %s of G's %s)", c.skill(),
                        pct(c.skillOfExpert()), pct(c.skillOfG()), pct(top.skillScore()), top.weight(), pct(top.generalScore()), pct(c.generalOfG())));
            }
        }
        boolean all = checks.stream().allMatch(CompositionCheck::passed);
        boolean none = checks.stream().noneMatch(CompositionCheck::passed);
        String verdict = all ? "task vectors compose for every skill" : none
                ? "task vectors do not compose at this scale, so the merged rows below show what merging does here, not the paper's result"
                : "task vectors compose for some skills only";
        return "**Merging** (single-expert check on dev): " + verdict + ". " + String.join("; ", parts) + ".";
    }

    private static Optional<ModelRow> row(DemoResult result, String label) {
        return result.rows().stream().filter(r -> r.label().equals(label)).findFirst();
    }

    private static String pct(double v) {
        return DemoReport.percent(v);
    }
}
