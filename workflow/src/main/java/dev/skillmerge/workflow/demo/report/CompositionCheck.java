package dev.skillmerge.workflow.demo.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The single-expert check of issue 8: does one expert's task vector, added to the general model, bring its
 * skill without costing the general skill? G + w * tau_E passes when it keeps at least {@value #KEEP} of G's
 * general score and gains at least {@value #GAIN} of what the expert gains over G on the skill:
 * general(G + w tau) >= 0.8 general(G) and skill(G + w tau) - skill(G) >= 0.6 (skill(E) - skill(G)).
 */
public record CompositionCheck(String skill, double generalOfG, double skillOfG, double skillOfExpert, List<SweepResult> points) {
    public static final double KEEP = 0.8;
    public static final double GAIN = 0.6;

    public CompositionCheck {
        points = List.copyOf(points);
    }

    /** Scores are ratios of small counts; a bound met up to rounding (0.8 * 0.8 = 0.6400000000000001) is met. */
    private static final double ROUNDING = 1e-9;

    public static boolean passes(double general, double skill, double generalOfG, double skillOfG, double skillOfExpert) {
        return general >= KEEP * generalOfG - ROUNDING && skill - skillOfG >= GAIN * (skillOfExpert - skillOfG) - ROUNDING
                && skillOfExpert > skillOfG;
    }

    public boolean passes(SweepResult p) {
        return passes(p.generalScore(), p.skillScore(), generalOfG, skillOfG, skillOfExpert);
    }

    /** The weights that pass, in sweep order. */
    public List<Double> passingWeights() {
        return points.stream().filter(this::passes).map(SweepResult::weight).toList();
    }

    public boolean passed() {
        return !passingWeights().isEmpty();
    }

    /** The point of the sweep with the largest skill gain among those that keep the general score, if any. */
    public Optional<SweepResult> best() {
        return points.stream().filter(this::passes).max(java.util.Comparator.comparingDouble(SweepResult::skillScore));
    }

    public String summary() {
        return String.format(Locale.ROOT, "%s: G general %.2f, skill G %.2f -> expert %.2f; passing weights %s", skill, generalOfG, skillOfG,
                skillOfExpert, passingWeights().isEmpty() ? "none" : passingWeights());
    }
}
