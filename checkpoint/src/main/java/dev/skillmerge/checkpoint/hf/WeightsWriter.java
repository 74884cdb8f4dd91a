package dev.skillmerge.checkpoint.hf;

import dev.skillmerge.checkpoint.safetensors.SafetensorsWriter;
import dev.skillmerge.checkpoint.safetensors.TensorOutput;
import dev.skillmerge.checkpoint.tensor.TensorSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a model's weights into a folder as Hugging Face does: sharded safetensors files (each with
 * {@code {"format": "pt"}} metadata) and, when there is more than one, {@code model.safetensors.index.json}.
 * Every tensor's place is planned up front, so tensors may be filled concurrently from several threads.
 */
public final class WeightsWriter implements AutoCloseable {
    private static final Map<String, String> METADATA = Map.of("format", "pt");

    private final Path folder;
    private final ShardPlan plan;
    private final List<SafetensorsWriter> writers = new ArrayList<>();
    private final Map<String, SafetensorsWriter> byTensor = new HashMap<>();

    private WeightsWriter(Path folder, ShardPlan plan) {
        this.folder = folder;
        this.plan = plan;
    }

    public static WeightsWriter create(Path folder, List<TensorSpec> tensors, long maxShardBytes) throws IOException {
        WeightsWriter w = new WeightsWriter(folder, ShardPlan.of(tensors, maxShardBytes));
        try {
            for (ShardPlan.Shard shard : w.plan.shards()) {
                SafetensorsWriter writer = SafetensorsWriter.create(folder.resolve(shard.fileName()), shard.tensors(), METADATA);
                w.writers.add(writer);
                for (TensorSpec t : shard.tensors()) {
                    w.byTensor.put(t.name(), writer);
                }
            }
            return w;
        } catch (IOException | RuntimeException e) {
            w.close();
            throw e;
        }
    }

    public ShardPlan plan() {
        return plan;
    }

    /** The output range of one planned tensor; fill it completely, then close it. */
    public TensorOutput open(String name) throws IOException {
        SafetensorsWriter writer = byTensor.get(name);
        if (writer == null) {
            throw new IllegalArgumentException("tensor " + name + " was not planned");
        }
        return writer.open(name);
    }

    /** Writes the index when there are several shards; {@code OutputFolder.commit()} flushes everything to disk. */
    public void finish() throws IOException {
        if (plan.shards().size() > 1) {
            Map<String, String> weightMap = new LinkedHashMap<>();
            for (ShardPlan.Shard shard : plan.shards()) {
                for (TensorSpec t : shard.tensors()) {
                    weightMap.put(t.name(), shard.fileName());
                }
            }
            new ShardIndex(plan.totalBytes(), weightMap).write(folder.resolve(ShardIndex.FILE_NAME));
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (SafetensorsWriter w : writers) {
            try {
                w.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
