package dev.skillmerge.taskvectors.stats;

import java.util.Locale;

/**
 * The per-layer figures as CSV, one row per layer after a first row "all" for the whole vectors:
 * layer, norm_k for each vector, cosine_a_b and sign_conflict_a_b for each pair. Full precision, for
 * spreadsheets and plotting scripts.
 */
public final class StatsCsv {
    private StatsCsv() {
    }

    public static String render(StatsReport report) {
        int k = report.vectors().size();
        StringBuilder s = new StringBuilder("layer");
        for (int v = 0; v < k; v++) {
            s.append(",norm_").append(v);
        }
        for (StatsReport.Pair p : report.pairs()) {
            s.append(",cosine_").append(p.a()).append('_').append(p.b());
        }
        for (StatsReport.Pair p : report.pairs()) {
            s.append(",sign_conflict_").append(p.a()).append('_').append(p.b());
        }
        s.append('\n');
        s.append("all");
        for (StatsReport.Vector v : report.vectors()) {
            s.append(',').append(number(v.norm()));
        }
        for (StatsReport.Pair p : report.pairs()) {
            s.append(',').append(number(p.cosine()));
        }
        for (StatsReport.Pair p : report.pairs()) {
            s.append(',').append(number(p.signConflict()));
        }
        s.append('\n');
        for (StatsReport.Layer l : report.layers()) {
            s.append(l.layer());
            for (double n : l.norms()) {
                s.append(',').append(number(n));
            }
            for (double c : l.cosines()) {
                s.append(',').append(number(c));
            }
            for (double c : l.signConflicts()) {
                s.append(',').append(number(c));
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.9g", v);
    }
}
