package dev.skillmerge.checkpoint.hf;

import dev.skillmerge.checkpoint.tensor.TensorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * How tensors are split into shard files, the way transformers does it: in the given order, a new shard
 * starts when the next tensor would push the current one past the maximum (a tensor larger than the
 * maximum gets a shard of its own). One shard is written as {@code model.safetensors}; several as
 * {@code model-00001-of-0000N.safetensors} plus an index.
 */
public record ShardPlan(List<Shard> shards) {
    public record Shard(String fileName, List<TensorSpec> tensors) {
        public long byteLength() {
            return tensors.stream().mapToLong(TensorSpec::byteLength).sum();
        }
    }

    public static ShardPlan of(List<TensorSpec> tensors, long maxShardBytes) {
        List<List<TensorSpec>> groups = new ArrayList<>();
        List<TensorSpec> current = new ArrayList<>();
        long currentBytes = 0;
        for (TensorSpec t : tensors) {
            long size = t.byteLength();
            if (!current.isEmpty() && currentBytes + size > maxShardBytes) {
                groups.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(t);
            currentBytes += size;
        }
        if (!current.isEmpty() || groups.isEmpty()) {
            groups.add(current);
        }
        List<Shard> shards = new ArrayList<>();
        int n = groups.size();
        for (int i = 0; i < n; i++) {
            String name = n == 1 ? ModelFolder.SINGLE_FILE : String.format("model-%05d-of-%05d.safetensors", i + 1, n);
            shards.add(new Shard(name, List.copyOf(groups.get(i))));
        }
        return new ShardPlan(List.copyOf(shards));
    }

    public long totalBytes() {
        return shards.stream().mapToLong(Shard::byteLength).sum();
    }
}
