package dev.skillmerge.workflow.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Small self-contained SVG charts for reports: grouped bars (runs x metrics), lines (a metric against a
 * swept parameter, one line per series) and scatter plots with a highlighted Pareto front. No dependency:
 * a report folder opens in any browser.
 */
public final class SvgChart {
    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int WIDTH = 720;
    private static final int HEIGHT = 420;
    private static final int LEFT = 60;
    private static final int RIGHT = 180;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    public record Point(double x, double y, String label) {
    }

    public record Series(String name, List<Point> points) {
    }

    private SvgChart() {
    }

    /** Bars: one group per category (a run), one bar per series (a metric) within it. */
    public static String bars(String title, List<String> categories, List<String> series, double[][] values, String yLabel) {
        StringBuilder s = start(title);
        double max = 0;
        double min = 0;
        for (double[] row : values) {
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        max = max == min ? min + 1 : max;
        Scale y = new Scale(min, max, HEIGHT - BOTTOM, TOP);
        axes(s, y, yLabel);
        int plotWidth = WIDTH - LEFT - RIGHT;
        double group = (double) plotWidth / Math.max(1, categories.size());
        double bar = group * 0.8 / Math.max(1, series.size());
        for (int c = 0; c < categories.size(); c++) {
            double x0 = LEFT + c * group + group * 0.1;
            for (int k = 0; k < series.size(); k++) {
                double v = values[c][k];
                if (Double.isNaN(v)) {
                    continue;
                }
                double top = y.map(Math.max(v, 0));
                double bottom = y.map(Math.min(v, 0));
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %.4f</title></rect>%n",
                        x0 + k * bar, top, bar * 0.95, Math.max(0.5, bottom - top), COLORS[k % COLORS.length], escape(categories.get(c)), escape(series.get(k)), v));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"end\" transform=\"rotate(-30 %.1f %d)\">%s</text>%n",
                    x0 + group * 0.4, HEIGHT - BOTTOM + 16, x0 + group * 0.4, HEIGHT - BOTTOM + 16, escape(categories.get(c))));
        }
        legend(s, series);
        return s.append("</svg>\n").toString();
    }

    /** Lines: each series' points joined in x order. */
    public static String lines(String title, List<Series> series, String xLabel, String yLabel) {
        return plot(title, series, xLabel, yLabel, true, List.of());
    }

    /** Scatter with the Pareto front (maximizing both axes) of all points drawn as a step line. */
    public static String pareto(String title, List<Series> series, String xLabel, String yLabel) {
        List<Point> all = new ArrayList<>();
        series.forEach(s -> all.addAll(s.points()));
        return plot(title, series, xLabel, yLabel, false, ParetoFront.of(all));
    }

    private static String plot(String title, List<Series> series, String xLabel, String yLabel, boolean join, List<Point> front) {
        StringBuilder s = start(title);
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (Series ser : series) {
            for (Point p : ser.points()) {
                minX = Math.min(minX, p.x());
                maxX = Math.max(maxX, p.x());
                minY = Math.min(minY, p.y());
                maxY = Math.max(maxY, p.y());
            }
        }
        if (minX > maxX) {
            minX = 0;
            maxX = 1;
            minY = 0;
            maxY = 1;
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }
        if (maxY == minY) {
            maxY = minY + 1;
        }
        Scale x = new Scale(minX, maxX, LEFT, WIDTH - RIGHT);
        Scale y = new Scale(minY, maxY, HEIGHT - BOTTOM, TOP);
        axes(s, y, yLabel);
        for (int t = 0; t <= 4; t++) {
            double v = minX + (maxX - minX) * t / 4;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%.3g</text>%n", x.map(v), HEIGHT - BOTTOM + 16, v));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>%n", (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 20, escape(xLabel)));
        if (!front.isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (Point p : front) {
                path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x.map(p.x()), y.map(p.y())));
            }
            s.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n");
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < series.size(); k++) {
            Series ser = series.get(k);
            names.add(ser.name());
            String color = COLORS[k % COLORS.length];
            List<Point> points = new ArrayList<>(ser.points());
            if (join) {
                points.sort(java.util.Comparator.comparingDouble(Point::x));
                StringBuilder path = new StringBuilder();
                for (Point p : points) {
                    path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x.map(p.x()), y.map(p.y())));
                }
                s.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\"/>\n");
            }
            for (Point p : points) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%s (%.4g, %.4g)</title></circle>%n",
                        x.map(p.x()), y.map(p.y()), color, escape(p.label() == null ? ser.name() : p.label()), p.x(), p.y()));
            }
        }
        legend(s, names);
        return s.append("</svg>\n").toString();
    }

    private record Scale(double from, double to, double pixelFrom, double pixelTo) {
        double map(double v) {
            return pixelFrom + (v - from) / (to - from) * (pixelTo - pixelFrom);
        }
    }

    private static StringBuilder start(String title) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", LEFT, escape(title)));
        return s;
    }

    private static void axes(StringBuilder s, Scale y, String yLabel) {
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, TOP, LEFT, HEIGHT - BOTTOM));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        for (int t = 0; t <= 4; t++) {
            double v = y.from() + (y.to() - y.from()) * t / 4;
            double py = y.map(v);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n", LEFT, py, WIDTH - RIGHT, py));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.3g</text>%n", LEFT - 6, py + 4, v));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">%s</text>%n",
                (TOP + HEIGHT - BOTTOM) / 2, (TOP + HEIGHT - BOTTOM) / 2, escape(yLabel)));
    }

    private static void legend(StringBuilder s, List<String> names) {
        for (int k = 0; k < names.size(); k++) {
            int y = TOP + 10 + k * 18;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", WIDTH - RIGHT + 16, y, COLORS[k % COLORS.length]));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>%n", WIDTH - RIGHT + 34, y + 10, escape(names.get(k))));
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
