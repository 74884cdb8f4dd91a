package dev.skillmerge.workflow.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The points no other point beats on both axes (higher is better on both), ordered by x. */
public final class ParetoFront {
    private ParetoFront() {
    }

    public static List<SvgChart.Point> of(List<SvgChart.Point> points) {
        List<SvgChart.Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(SvgChart.Point::x).reversed().thenComparing(Comparator.comparingDouble(SvgChart.Point::y).reversed()));
        List<SvgChart.Point> front = new ArrayList<>();
        double bestY = Double.NEGATIVE_INFINITY;
        for (SvgChart.Point p : sorted) {
            if (p.y() > bestY) {
                front.add(p);
                bestY = p.y();
            }
        }
        front.sort(Comparator.comparingDouble(SvgChart.Point::x));
        return front;
    }
}
