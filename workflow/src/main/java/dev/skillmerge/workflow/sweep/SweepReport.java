package dev.skillmerge.workflow.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.workflow.report.SvgChart;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sweep's pictures: {@code pareto.svg} (one primary metric against another, one series per method,
 * the Pareto front dashed) and {@code weights.svg} (the y metric against the expert weight, one line per
 * method and subset).
 */
public final class SweepReport {
    private SweepReport() {
    }

    public static void write(SweepSpec spec) throws IOException {
        List<JsonNode> rows = SweepRows.readAll(spec.output());
        if (rows.isEmpty()) {
            return;
        }
        List<String> primaries = new ArrayList<>();
        for (Iterator<String> it = rows.getFirst().path("primary").fieldNames(); it.hasNext(); ) {
            primaries.add(it.next());
        }
        String x = spec.paretoX().orElse(primaries.isEmpty() ? null : primaries.getFirst());
        String y = spec.paretoY().orElse(primaries.size() > 1 ? primaries.get(1) : x);
        if (x == null) {
            return;
        }
        Map<String, List<SvgChart.Point>> byMethod = new LinkedHashMap<>();
        Map<String, List<SvgChart.Point>> byCurve = new LinkedHashMap<>();
        for (JsonNode r : rows) {
            double vx = value(r, x);
            double vy = value(r, y);
            if (!Double.isNaN(vx) && !Double.isNaN(vy)) {
                byMethod.computeIfAbsent(r.path("method").asText(), k -> new ArrayList<>()).add(new SvgChart.Point(vx, vy, r.path("label").asText()));
            }
            if (!Double.isNaN(vy)) {
                byCurve.computeIfAbsent(r.path("method").asText() + " " + r.path("subset").asText() + densityLabel(r), k -> new ArrayList<>())
                        .add(new SvgChart.Point(r.path("weight").asDouble(), vy, r.path("label").asText()));
            }
        }
        Files.writeString(spec.output().resolve("pareto.svg"), SvgChart.pareto("sweep: " + y + " vs " + x, series(byMethod), x, y));
        Files.writeString(spec.output().resolve("weights.svg"), SvgChart.lines("sweep: " + y + " by expert weight", series(byCurve), "weight", y));
    }

    private static String densityLabel(JsonNode r) {
        return r.path("density").asDouble() < 1 ? " d=" + SweepPoint.number(r.path("density").asDouble()) : "";
    }

    /** A primary metric by hook name ("science") or any metric by "hook/metric". */
    static double value(JsonNode row, String metric) {
        JsonNode v = metric.contains("/") ? row.path("metrics").get(metric) : row.path("primary").get(metric);
        return v == null || !v.isNumber() ? Double.NaN : v.doubleValue();
    }

    private static List<SvgChart.Series> series(Map<String, List<SvgChart.Point>> groups) {
        List<SvgChart.Series> out = new ArrayList<>();
        groups.forEach((name, points) -> out.add(new SvgChart.Series(name, points)));
        return out;
    }
}
