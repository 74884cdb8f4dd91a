package dev.skillmerge.runtime.generate;

/** One completion to produce: the prompt and how to sample it. */
public record GenerationRequest(Prompt prompt, SamplingSettings sampling) {
}
