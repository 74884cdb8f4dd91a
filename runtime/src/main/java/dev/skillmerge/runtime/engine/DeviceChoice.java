package dev.skillmerge.runtime.engine;

/** Where a model runs: {@code auto} takes the first GPU when PyTorch sees one. */
public enum DeviceChoice {
    AUTO, CPU, GPU
}
