package dev.skillmerge.merge.config;

/** One source of a slice: layers {@code [layerStart, layerEnd)} of a model, with its own parameters. */
public record SliceSource(String model, int layerStart, int layerEnd, Parameters parameters) {
    public int layerCount() {
        return layerEnd - layerStart;
    }
}
