package dev.skillmerge.finetune.train;

import ai.djl.ndarray.NDArray;

/**
 * A tensor the optimizer updates, by the name it is saved under. {@code decayed}: whether AdamW's weight
 * decay applies; as in transformers' Trainer, biases and norm weights (every 1-D tensor) are not decayed.
 */
public record Trainable(String name, NDArray value, boolean decayed) {
    public static Trainable of(String name, NDArray value) {
        return new Trainable(name, value, value.getShape().dimension() > 1);
    }
}
