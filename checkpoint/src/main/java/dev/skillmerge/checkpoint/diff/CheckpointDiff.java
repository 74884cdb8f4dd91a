package dev.skillmerge.checkpoint.diff;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.stream.Chunks;
import dev.skillmerge.checkpoint.stream.TensorJobs;
import dev.skillmerge.checkpoint.stream.WorkBuffers;
import dev.skillmerge.checkpoint.tensor.TensorReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code skillmerge diff A B}: per-tensor differences of two models (streamed in chunks as float32),
 * plus the names only one side has and the tensors whose shape or dtype differ. Tensors with the same
 * shape are compared even when their dtypes differ (a bf16 copy against its f32 original, say).
 */
public record CheckpointDiff(
        List<TensorDiff> compared,
        List<String> onlyInA,
        List<String> onlyInB,
        List<String> shapeMismatches,
        List<String> dtypeMismatches) {

    public static CheckpointDiff of(ModelFolder a, ModelFolder b, int threads, Progress progress) throws IOException, UserInputException {
        List<String> onlyInA = new ArrayList<>();
        List<String> onlyInB = new ArrayList<>();
        List<String> shapeMismatches = new ArrayList<>();
        List<String> dtypeMismatches = new ArrayList<>();
        List<StoredTensor[]> pairs = new ArrayList<>();
        for (StoredTensor ta : a.tensors()) {
            Optional<StoredTensor> tb = b.tensor(ta.name());
            if (tb.isEmpty()) {
                onlyInA.add(ta.name());
            } else if (!ta.shape().equals(tb.get().shape())) {
                shapeMismatches.add(ta.name() + " " + ta.shape() + " vs " + tb.get().shape());
            } else {
                if (ta.dtype() != tb.get().dtype()) {
                    dtypeMismatches.add(ta.name() + " " + ta.dtype() + " vs " + tb.get().dtype());
                }
                pairs.add(new StoredTensor[] {ta, tb.get()});
            }
        }
        for (StoredTensor tb : b.tensors()) {
            if (a.tensor(tb.name()).isEmpty()) {
                onlyInB.add(tb.name());
            }
        }
        Map<String, TensorDiff> results = new ConcurrentHashMap<>();
        TensorJobs.forEach(pairs, threads, pair -> {
            long n = pair[0].elementCount();
            float[] x = WorkBuffers.get(0);
            float[] y = WorkBuffers.get(1);
            TensorDiff.Accumulator acc = new TensorDiff.Accumulator();
            try (TensorReader ra = pair[0].reader(); TensorReader rb = pair[1].reader()) {
                for (int c = 0; c < Chunks.count(n); c++) {
                    int length = Chunks.length(n, c);
                    ra.read(Chunks.start(c), x, 0, length);
                    rb.read(Chunks.start(c), y, 0, length);
                    acc.add(x, y, length);
                    progress.advance(0, pair[0].dtype().byteSize() * (long) length + pair[1].dtype().byteSize() * (long) length);
                }
            }
            results.put(pair[0].name(), acc.result(pair[0].name()));
            progress.advance(1, 0);
        });
        List<TensorDiff> compared = pairs.stream().map(p -> results.get(p[0].name())).toList();
        return new CheckpointDiff(compared, onlyInA, onlyInB, shapeMismatches, dtypeMismatches);
    }

    public boolean sameNamesAndShapes() {
        return onlyInA.isEmpty() && onlyInB.isEmpty() && shapeMismatches.isEmpty();
    }

    public double maxAbs() {
        return compared.stream().mapToDouble(TensorDiff::maxAbs).max().orElse(0);
    }

    public long identicalCount() {
        return compared.stream().filter(d -> d.maxAbs() == 0).count();
    }

    /** "291 tensors compared, 0 identical; max |a-b| 0.0042 in lm_head.weight; 0 only in A, 0 only in B, 0 shape mismatches". */
    public String summaryLine() {
        Optional<TensorDiff> worst = compared.stream().max(Comparator.comparingDouble(TensorDiff::maxAbs));
        double meanCos = compared.stream().mapToDouble(TensorDiff::cosine).average().orElse(1);
        return String.format(Locale.ROOT, "%d tensors compared, %d identical; max |a-b| %s%s; mean cosine %.6f; %d only in A, %d only in B, %d shape and %d dtype mismatches",
                compared.size(), identicalCount(), format(maxAbs()), worst.filter(w -> w.maxAbs() > 0).map(w -> " in " + w.name()).orElse(""),
                meanCos, onlyInA.size(), onlyInB.size(), shapeMismatches.size(), dtypeMismatches.size());
    }

    public String toText() {
        StringBuilder s = new StringBuilder();
        int width = compared.stream().mapToInt(d -> d.name().length()).max().orElse(4);
        s.append(String.format(Locale.ROOT, "%-" + width + "s  %12s  %12s  %10s%n", "tensor", "max|a-b|", "rel L2", "cosine"));
        for (TensorDiff d : compared) {
            s.append(String.format(Locale.ROOT, "%-" + width + "s  %12s  %12s  %10.6f%n", d.name(), format(d.maxAbs()), format(d.relativeL2()), d.cosine()));
        }
        appendList(s, "only in A", onlyInA);
        appendList(s, "only in B", onlyInB);
        appendList(s, "shape mismatch", shapeMismatches);
        appendList(s, "dtype mismatch", dtypeMismatches);
        s.append(summaryLine()).append('\n');
        return s.toString();
    }

    private static void appendList(StringBuilder s, String title, List<String> items) {
        for (String item : items) {
            s.append(title).append(": ").append(item).append('\n');
        }
    }

    private static String format(double v) {
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.4g", v);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        ArrayNode arr = o.putArray("tensors");
        for (TensorDiff d : compared) {
            arr.addObject().put("name", d.name()).put("max_abs_diff", d.maxAbs()).put("relative_l2", d.relativeL2()).put("cosine", d.cosine());
        }
        addList(o, "only_in_a", onlyInA);
        addList(o, "only_in_b", onlyInB);
        addList(o, "shape_mismatches", shapeMismatches);
        addList(o, "dtype_mismatches", dtypeMismatches);
        o.put("max_abs_diff", maxAbs());
        o.put("identical", identicalCount());
        o.put("summary", summaryLine());
        return o;
    }

    private static void addList(ObjectNode o, String key, List<String> items) {
        ArrayNode arr = o.putArray(key);
        Collections.unmodifiableList(items).forEach(arr::add);
    }
}
