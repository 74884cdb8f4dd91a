package dev.skillmerge.taskvectors.stats;

import java.util.List;
import java.util.Locale;

/** The report as text tables for a terminal: vectors, pairs, per-layer figures, largest tensors. */
public final class StatsTable {
    private StatsTable() {
    }

    public static String render(StatsReport report) {
        StringBuilder s = new StringBuilder();
        s.append("task vectors\n");
        s.append(String.format(Locale.ROOT, "  %-3s %-12s %-9s %-14s %s%n", "#", "L2 norm", "sparsity", "elements", "folder"));
        for (int v = 0; v < report.vectors().size(); v++) {
            StatsReport.Vector x = report.vectors().get(v);
            s.append(String.format(Locale.ROOT, "  %-3d %-12.6g %-9s %-14d %s%n", v, x.norm(), percent(x.sparsity()), x.elements(), x.name()));
        }
        if (!report.pairs().isEmpty()) {
            s.append("\npairs\n");
            s.append(String.format(Locale.ROOT, "  %-6s %-10s %-14s %s%n", "pair", "cosine", "sign conflict", "both nonzero"));
            for (StatsReport.Pair p : report.pairs()) {
                s.append(String.format(Locale.ROOT, "  %-6s %-10.5f %-14s %d%n", p.a() + "-" + p.b(), p.cosine(), percent(p.signConflict()), p.bothNonzero()));
            }
            s.append(String.format(Locale.ROOT, "  all vectors: signs disagree on %s of the %d coordinates where at least two are nonzero%n",
                    percent(report.overall().rate()), report.overall().contested()));
        }
        s.append("\nper layer\n");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-6s", "layer"));
        for (int v = 0; v < report.vectors().size(); v++) {
            header.append(String.format(Locale.ROOT, " %-11s", "norm " + v));
        }
        for (StatsReport.Pair p : report.pairs()) {
            header.append(String.format(Locale.ROOT, " %-9s %-9s", "cos " + p.a() + "-" + p.b(), "conf " + p.a() + "-" + p.b()));
        }
        s.append(header.toString().stripTrailing()).append('\n');
        for (StatsReport.Layer l : report.layers()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-6s", l.layer()));
            for (double n : l.norms()) {
                row.append(String.format(Locale.ROOT, " %-11.5g", n));
            }
            double[] cosines = l.cosines();
            double[] conflicts = l.signConflicts();
            for (int p = 0; p < cosines.length; p++) {
                row.append(String.format(Locale.ROOT, " %-9.5f %-9s", cosines[p], percent(conflicts[p])));
            }
            s.append(row.toString().stripTrailing()).append('\n');
        }
        for (int v = 0; v < report.vectors().size(); v++) {
            s.append("\nlargest tensors of vector ").append(v).append('\n');
            List<StatsReport.TensorNorm> largest = report.vectors().get(v).largest();
            for (StatsReport.TensorNorm t : largest) {
                s.append(String.format(Locale.ROOT, "  %-12.6g %-8s %s%n", t.norm(), percent(t.shareOfSquares()), t.tensor()));
            }
        }
        return s.toString();
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}
