package dev.skillmerge.merge.plan;

import dev.skillmerge.checkpoint.ByteSize;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelConfig;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.merge.config.MergeConfig;
import dev.skillmerge.merge.method.MergeMethod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a merge will do, decided before any tensor data is read: the method, the opened input
 * models, the output tensors in write order, and the output config. {@link #describe} is what
 * {@code --dry-run} prints.
 */
public record MergePlan(
        MergeConfig config,
        MergeMethod method,
        Map<String, ModelFolder> models,
        ModelFolder reference,
        Optional<ModelFolder> tokenizerSource,
        List<PlannedTensor> tensors,
        ModelConfig outputConfig,
        int outputLayers) {

    public MergePlan {
        tensors = List.copyOf(tensors);
    }

    public long inputBytes() {
        return tensors.stream().mapToLong(PlannedTensor::inputBytes).sum();
    }

    public long outputBytes() {
        return tensors.stream().mapToLong(PlannedTensor::outputBytes).sum();
    }

    /** The dry-run report: tensors, method per tensor group, bytes to read and write, memory estimate. */
    public String describe(int threads, long memoryEstimate) {
        StringBuilder s = new StringBuilder();
        s.append("merge_method  ").append(method.name()).append('\n');
        s.append("inputs        ").append(models.size()).append(" models");
        models.forEach((ref, folder) -> s.append("\n  ").append(ref).append(folder == reference ? "  (reference: names, config)" : ""));
        s.append('\n');
        s.append("output        ").append(tensors.size()).append(" tensors, ").append(outputLayers).append(" layers\n");
        Map<String, int[]> groups = new LinkedHashMap<>();
        Map<String, String> groupKind = new LinkedHashMap<>();
        for (PlannedTensor t : tensors) {
            String key = Layers.wildcard(t.name());
            groups.computeIfAbsent(key, k -> new int[1])[0]++;
            groupKind.put(key, (t.copy() ? "copy" : method.name()) + " of " + t.inputs().size() + (t.base() != null ? " + base" : "")
                    + " -> " + t.outputDtype());
        }
        s.append("tensor groups\n");
        groups.forEach((g, count) -> s.append(String.format(Locale.ROOT, "  %-56s x%-4d %s%n", g, count[0], groupKind.get(g))));
        s.append("read          ").append(ByteSize.format(inputBytes())).append(" (at least once; multi-pass methods re-read from the page cache)\n");
        s.append("write         ").append(ByteSize.format(outputBytes())).append('\n');
        s.append("memory        ~").append(ByteSize.format(memoryEstimate)).append(" with ").append(threads).append(" thread(s)\n");
        return s.toString();
    }

    public DType dtypeOf(String tensor) {
        return tensors.stream().filter(t -> t.name().equals(tensor)).findFirst().orElseThrow().outputDtype();
    }
}
