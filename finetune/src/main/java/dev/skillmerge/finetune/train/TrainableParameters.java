package dev.skillmerge.finetune.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * What a run trains: every weight of the model ({@link FullParameters}) or low-rank adapters beside frozen
 * weights ({@link LoraParameters}). The trainer calls {@link #prepare} before a step's forward passes,
 * runs them and their backward passes (PyTorch adds the micro-batches' gradients up), asks for the
 * {@link #gradients} and hands them to the optimizer, then {@link #clearGradients}.
 */
public sealed interface TrainableParameters extends AutoCloseable permits FullParameters, LoraParameters {
    List<Trainable> trainables();

    /** Makes the model compute with the current trainable values. */
    void prepare();

    /** The gradient of each trainable, in {@link #trainables()} order; the arrays attach to the caller's NDScope. */
    List<NDArray> gradients();

    /** Zeroes what the step accumulated, so the next step starts from nothing. */
    void clearGradients();

    /** Parameters in the trainables, for the progress line and the record. */
    default long count() {
        return trainables().stream().mapToLong(t -> t.value().size()).sum();
    }

    @Override
    void close();
}
