package dev.skillmerge.eval.code;

import java.util.Optional;

/**
 * The reference solution's outputs on a task's inputs (pickled by the harness, opaque here; absent when too
 * big to keep, and then recomputed beside each candidate) and how long each input took, from which the
 * candidate's per-input time limits are set.
 */
public record ReferenceOutputs(Optional<byte[]> pickle, double[] seconds) {
}
