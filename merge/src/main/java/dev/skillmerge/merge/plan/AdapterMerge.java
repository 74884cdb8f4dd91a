package dev.skillmerge.merge.plan;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Merges a LoRA adapter into a model's tensors as they are read, for config inputs written
 * {@code model+adapter} (mergekit's syntax). LoRA lives in the taskvectors module, which sits above this
 * one, so the {@link Planner} finds the implementation with {@link java.util.ServiceLoader}; without it on
 * the class path such inputs are a one-line error.
 */
public interface AdapterMerge {
    /**
     * Checks the adapter folder {@code adapter} against {@code model} and returns how to read each of the
     * model's tensors with the adapter merged in; tensors the adapter leaves alone come back unchanged.
     */
    UnaryOperator<StoredTensor> open(ModelFolder model, Path adapter) throws UserInputException, IOException;
}
