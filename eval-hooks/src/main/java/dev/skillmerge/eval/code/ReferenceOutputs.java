package dev.skillmerge.eval.code;

/**
 * The reference solution's outputs on a task's inputs (pickled by the harness, opaque here) and how long each
 * input took, from which the candidate's per-input time limits are set.
 */
public record ReferenceOutputs(byte[] pickle, double[] seconds) {
}
