package dev.skillmerge.taskvectors.stats;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * An SVG heatmap of per-layer cosine similarity between task vectors: one row per pair, one column per
 * layer, red for aligned, blue for opposed, white for orthogonal. Task vectors of different skills are
 * nearly orthogonal, so the colour scale is symmetric around 0 and spans the largest |cosine| shown
 * (stated in the legend) rather than [-1, 1], which would render every cell white. Each cell carries its
 * exact value as a tooltip.
 */
public final class CosineHeatmap {
    private static final int CELL = 22;
    private static final int LABEL_WIDTH = 240;
    private static final int TOP = 64;
    private static final int[] NEGATIVE = {33, 102, 172};
    private static final int[] POSITIVE = {178, 24, 43};

    private CosineHeatmap() {
    }

    /** @throws IllegalArgumentException with fewer than two vectors: there is no pair to draw */
    public static String render(StatsReport report) {
        if (report.pairs().isEmpty()) {
            throw new IllegalArgumentException("a cosine heatmap needs at least two task vectors");
        }
        List<StatsReport.Layer> layers = report.layers();
        double scale = 1e-6;
        for (StatsReport.Layer l : layers) {
            for (double c : l.cosines()) {
                scale = Math.max(scale, Math.abs(c));
            }
        }
        int width = LABEL_WIDTH + layers.size() * CELL + 20;
        int height = TOP + report.pairs().size() * CELL + 70;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n",
                width, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        s.append("<text x=\"10\" y=\"20\" font-size=\"14\">Per-layer cosine similarity between task vectors</text>\n");
        for (int j = 0; j < layers.size(); j++) {
            int x = LABEL_WIDTH + j * CELL + CELL / 2;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, TOP - 6, escape(layers.get(j).layer())));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">layer</text>%n", LABEL_WIDTH - 40, TOP - 6));
        for (int p = 0; p < report.pairs().size(); p++) {
            StatsReport.Pair pair = report.pairs().get(p);
            int y = TOP + p * CELL;
            String label = shortName(report.vectors().get(pair.a()).name()) + " vs " + shortName(report.vectors().get(pair.b()).name());
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LABEL_WIDTH - 8, y + CELL / 2 + 4, escape(label)));
            for (int j = 0; j < layers.size(); j++) {
                double c = layers.get(j).cosines()[p];
                s.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#ddd\"><title>%s, layer %s: cosine %.6f</title></rect>%n",
                        LABEL_WIDTH + j * CELL, y, CELL, CELL, colour(c / scale), escape(label), escape(layers.get(j).layer()), c));
            }
        }
        legend(s, TOP + report.pairs().size() * CELL + 24, scale);
        s.append("</svg>\n");
        return s.toString();
    }

    private static void legend(StringBuilder s, int y, double scale) {
        int steps = 11;
        for (int i = 0; i < steps; i++) {
            double t = -1 + 2.0 * i / (steps - 1);
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"12\" fill=\"%s\"/>%n", LABEL_WIDTH + i * 16, y, 16, colour(t)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%.3g</text>%n", LABEL_WIDTH + 8, y + 26, -scale));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">0</text>%n", LABEL_WIDTH + 5 * 16 + 8, y + 26));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%.3g</text>%n", LABEL_WIDTH + 10 * 16 + 8, y + 26, scale));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">cosine</text>%n", LABEL_WIDTH - 8, y + 10));
    }

    /** White at 0, blending to red at +1 and blue at -1. */
    static String colour(double t) {
        double u = Math.max(-1, Math.min(1, t));
        int[] end = u >= 0 ? POSITIVE : NEGATIVE;
        double a = Math.abs(u);
        return String.format(Locale.ROOT, "#%02x%02x%02x", blend(end[0], a), blend(end[1], a), blend(end[2], a));
    }

    private static int blend(int channel, double amount) {
        return (int) Math.round(255 + (channel - 255) * amount);
    }

    private static String shortName(String folder) {
        Path name = Path.of(folder).getFileName();
        return name == null ? folder : name.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
