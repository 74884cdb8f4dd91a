package dev.skillmerge.taskvectors.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.hf.Json;

/** The whole report as JSON with snake_case keys, for scripts. */
public final class StatsJson {
    private StatsJson() {
    }

    public static String render(StatsReport report) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode vectors = root.putArray("vectors");
        for (StatsReport.Vector v : report.vectors()) {
            ObjectNode node = vectors.addObject().put("folder", v.name()).put("elements", v.elements()).put("norm", v.norm())
                    .put("sparsity", v.sparsity());
            ArrayNode largest = node.putArray("largest_tensors");
            for (StatsReport.TensorNorm t : v.largest()) {
                largest.addObject().put("tensor", t.tensor()).put("norm", t.norm()).put("share_of_squares", t.shareOfSquares());
            }
        }
        ArrayNode pairs = root.putArray("pairs");
        for (StatsReport.Pair p : report.pairs()) {
            pairs.addObject().put("a", p.a()).put("b", p.b()).put("cosine", p.cosine()).put("sign_conflict", p.signConflict())
                    .put("both_nonzero", p.bothNonzero());
        }
        root.putObject("all_vectors").put("contested", report.overall().contested()).put("sign_conflict", report.overall().rate());
        ArrayNode layers = root.putArray("layers");
        for (StatsReport.Layer l : report.layers()) {
            ObjectNode node = layers.addObject().put("layer", l.layer());
            ArrayNode norms = node.putArray("norms");
            for (double n : l.norms()) {
                norms.add(n);
            }
            ArrayNode cosines = node.putArray("cosines");
            for (double c : l.cosines()) {
                cosines.add(c);
            }
            ArrayNode conflicts = node.putArray("sign_conflicts");
            for (double c : l.signConflicts()) {
                conflicts.add(c);
            }
        }
        try {
            return Json.MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
