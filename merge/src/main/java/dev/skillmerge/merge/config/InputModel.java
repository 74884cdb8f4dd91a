package dev.skillmerge.merge.config;

/** One entry of {@code models:}: a model reference and its own parameters. */
public record InputModel(String model, Parameters parameters) {
}
