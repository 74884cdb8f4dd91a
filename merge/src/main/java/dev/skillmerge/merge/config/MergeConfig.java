package dev.skillmerge.merge.config;

import dev.skillmerge.checkpoint.dtype.DType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A validated merge configuration, in mergekit's schema: exactly one of {@code models} (one slice over
 * all layers of each model) or {@code slices}; the method and its parameters; compute and output dtypes;
 * where the tokenizer and chat template come from. {@code text} is the file verbatim, for the model card.
 */
public record MergeConfig(
        Path file,
        String text,
        String mergeMethod,
        Optional<String> baseModel,
        List<InputModel> models,
        List<SliceSpec> slices,
        Parameters parameters,
        Optional<DType> dtype,
        Optional<DType> outDtype,
        Optional<String> tokenizerSource,
        Optional<String> chatTemplate) {

    public MergeConfig {
        models = List.copyOf(models);
        slices = List.copyOf(slices);
    }

    public boolean usesSlices() {
        return !slices.isEmpty();
    }

    /** Every model reference the config names, base first when there is one, without repeats. */
    public List<String> modelReferences() {
        java.util.LinkedHashSet<String> refs = new java.util.LinkedHashSet<>();
        baseModel.ifPresent(refs::add);
        models.forEach(m -> refs.add(m.model()));
        slices.forEach(s -> s.sources().forEach(src -> refs.add(src.model())));
        return List.copyOf(refs);
    }
}
