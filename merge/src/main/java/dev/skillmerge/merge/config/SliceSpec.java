package dev.skillmerge.merge.config;

import java.util.List;

/** One entry of {@code slices:}: sources of equal layer count merged into consecutive output layers. */
public record SliceSpec(List<SliceSource> sources, Parameters parameters) {
    public SliceSpec {
        sources = List.copyOf(sources);
    }

    public int layerCount() {
        return sources.getFirst().layerCount();
    }
}
