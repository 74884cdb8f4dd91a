package dev.skillmerge.taskvectors.stats;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.stream.Chunks;
import dev.skillmerge.checkpoint.stream.TensorJobs;
import dev.skillmerge.checkpoint.stream.WorkBuffers;
import dev.skillmerge.checkpoint.tensor.TensorReader;
import dev.skillmerge.merge.plan.Layers;
import dev.skillmerge.taskvectors.vector.TaskVector;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Computes a {@link StatsReport} in one streaming pass over every tensor of k task vectors: one job per
 * tensor on the worker threads, each summing its coordinates into a {@link Tally}; tallies are then
 * combined in tensor order, so the figures do not depend on the thread count.
 */
public final class TaskVectorStats {
    /** How many of each vector's largest tensors the report lists. */
    public static final int LARGEST = 10;
    static final String OUTSIDE_LAYERS = "other";

    private TaskVectorStats() {
    }

    public static long inputBytes(List<TaskVector> vectors) {
        return vectors.stream().mapToLong(TaskVector::totalBytes).sum();
    }

    public static StatsReport compute(List<TaskVector> vectors, int threads, Progress progress) throws IOException, UserInputException {
        TaskVector first = vectors.getFirst();
        for (TaskVector v : vectors.subList(1, vectors.size())) {
            first.requireSameTensors(v);
        }
        List<StoredTensor> tensors = first.tensors();
        int k = vectors.size();
        Tally[] tallies = new Tally[tensors.size()];
        List<Integer> order = IntStream.range(0, tensors.size()).boxed()
                .sorted(Comparator.comparingLong((Integer i) -> tensors.get(i).byteLength()).reversed()).toList();
        TensorJobs.forEach(order, threads, index -> {
            String name = tensors.get(index).name();
            List<StoredTensor> inputs = new ArrayList<>();
            for (TaskVector v : vectors) {
                inputs.add(v.tensor(name).orElseThrow());
            }
            tallies[index] = tally(inputs, progress);
            progress.advance(1, 0);
        });
        return report(vectors, tensors, tallies, k);
    }

    /**
     * Float32 task vectors are read in place from mapped chunks (no copy: this pass is bound by memory
     * traffic); other dtypes are decoded into this thread's buffers first.
     */
    private static Tally tally(List<StoredTensor> inputs, Progress progress) throws IOException {
        int k = inputs.size();
        Tally tally = new Tally(k);
        long n = inputs.getFirst().elementCount();
        MemorySegment[] x = new MemorySegment[k];
        TensorReader[] readers = new TensorReader[k];
        try {
            for (int v = 0; v < k; v++) {
                if (inputs.get(v).dtype() != DType.F32) {
                    readers[v] = inputs.get(v).reader();
                }
            }
            for (int c = 0; c < Chunks.count(n); c++) {
                int length = Chunks.length(n, c);
                long bytes = 0;
                try (Arena chunk = Arena.ofConfined()) {
                    for (int v = 0; v < k; v++) {
                        StoredTensor t = inputs.get(v);
                        if (readers[v] == null) {
                            x[v] = t.mapBytes(Chunks.start(c) * Float.BYTES, (long) length * Float.BYTES, chunk);
                        } else {
                            float[] buffer = WorkBuffers.get(v);
                            readers[v].read(Chunks.start(c), buffer, 0, length);
                            x[v] = MemorySegment.ofArray(buffer);
                        }
                        bytes += (long) length * t.dtype().byteSize();
                    }
                    tally.add(x, length);
                }
                progress.advance(0, bytes);
            }
        } finally {
            for (TensorReader r : readers) {
                if (r != null) {
                    r.close();
                }
            }
        }
        return tally;
    }

    private static StatsReport report(List<TaskVector> vectors, List<StoredTensor> tensors, Tally[] tallies, int k) {
        Tally total = new Tally(k);
        Map<Integer, Tally> byLayer = new TreeMap<>();
        Tally outside = null;
        for (int t = 0; t < tensors.size(); t++) {
            total.add(tallies[t]);
            OptionalInt layer = Layers.indexOf(tensors.get(t).name());
            if (layer.isPresent()) {
                byLayer.computeIfAbsent(layer.getAsInt(), l -> new Tally(k)).add(tallies[t]);
            } else {
                if (outside == null) {
                    outside = new Tally(k);
                }
                outside.add(tallies[t]);
            }
        }
        List<StatsReport.Vector> summaries = new ArrayList<>();
        for (int v = 0; v < k; v++) {
            summaries.add(new StatsReport.Vector(vectors.get(v).root().toString(), total.elements, Math.sqrt(total.squares[v]),
                    total.elements == 0 ? 0 : (double) total.zeros[v] / total.elements, largest(tensors, tallies, v, total.squares[v])));
        }
        List<StatsReport.Pair> pairs = new ArrayList<>();
        for (int a = 0, p = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++, p++) {
                pairs.add(new StatsReport.Pair(a, b, cosine(total, a, b, p), total.bothNonzero[p], rate(total.opposite[p], total.bothNonzero[p])));
            }
        }
        List<StatsReport.Layer> layers = new ArrayList<>();
        byLayer.forEach((index, tally) -> layers.add(layer(Integer.toString(index), tally)));
        if (outside != null) {
            layers.add(layer(OUTSIDE_LAYERS, outside));
        }
        return new StatsReport(summaries, pairs, new StatsReport.Conflicts(total.contested, rate(total.conflicted, total.contested)), layers);
    }

    private static StatsReport.Layer layer(String name, Tally t) {
        double[] norms = new double[t.vectors];
        for (int v = 0; v < t.vectors; v++) {
            norms[v] = Math.sqrt(t.squares[v]);
        }
        double[] cosines = new double[t.dots.length];
        double[] conflicts = new double[t.dots.length];
        for (int a = 0, p = 0; a < t.vectors; a++) {
            for (int b = a + 1; b < t.vectors; b++, p++) {
                cosines[p] = cosine(t, a, b, p);
                conflicts[p] = rate(t.opposite[p], t.bothNonzero[p]);
            }
        }
        return new StatsReport.Layer(name, norms, cosines, conflicts);
    }

    // <a, b> / (|a| |b|); 0 when either vector is zero there
    private static double cosine(Tally t, int a, int b, int pair) {
        double denominator = Math.sqrt(t.squares[a]) * Math.sqrt(t.squares[b]);
        return denominator == 0 ? 0 : Math.max(-1, Math.min(1, t.dots[pair] / denominator));
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private static List<StatsReport.TensorNorm> largest(List<StoredTensor> tensors, Tally[] tallies, int v, double totalSquares) {
        return IntStream.range(0, tensors.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer t) -> tallies[t].squares[v]).reversed().thenComparing(t -> t))
                .limit(LARGEST)
                .map(t -> new StatsReport.TensorNorm(tensors.get(t).name(), Math.sqrt(tallies[t].squares[v]),
                        totalSquares == 0 ? 0 : tallies[t].squares[v] / totalSquares))
                .toList();
    }
}
