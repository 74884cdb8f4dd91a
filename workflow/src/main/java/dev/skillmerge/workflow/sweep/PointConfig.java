package dev.skillmerge.workflow.sweep;

/**
 * The mergekit-style config of one sweep point: the general model (when given) at weight 1 and each
 * expert of the subset at the point's weight, over the pretrained base; density for sparsifying methods.
 * It is written beside the results, so any point can be re-merged by hand with {@code skillmerge merge}.
 */
final class PointConfig {
    private PointConfig() {
    }

    static String yaml(SweepSpec spec, SweepPoint p) {
        StringBuilder s = new StringBuilder();
        s.append("# sweep point ").append(p.index()).append(": ").append(p.label()).append('\n');
        s.append("merge_method: ").append(p.method()).append('\n');
        s.append("base_model: ").append(quote(spec.baseModel())).append('\n');
        spec.dtype().ifPresent(d -> s.append("dtype: ").append(d).append('\n'));
        if (p.usesDensity()) {
            s.append("parameters: {density: ").append(SweepPoint.number(p.density())).append("}\n");
        }
        s.append("models:\n");
        spec.general().ifPresent(g -> s.append("  - {model: ").append(quote(g)).append(", parameters: {weight: 1}}\n"));
        for (String expert : p.subset()) {
            s.append("  - {model: ").append(quote(spec.experts().get(expert))).append(", parameters: {weight: ")
                    .append(SweepPoint.number(p.weight())).append("}}\n");
        }
        return s.toString();
    }

    private static String quote(String path) {
        return "\"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
