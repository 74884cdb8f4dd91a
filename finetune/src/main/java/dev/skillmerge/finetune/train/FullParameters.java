package dev.skillmerge.finetune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.skillmerge.runtime.model.LlamaWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Full fine-tuning: every parameter of the model, under its Hugging Face name, collects gradients. */
public final class FullParameters implements TrainableParameters {
    private final List<Trainable> trainables = new ArrayList<>();

    public FullParameters(LlamaWeights weights) {
        for (Map.Entry<String, NDArray> e : weights.parameters().entrySet()) {
            e.getValue().setRequiresGradient(true);
            trainables.add(Trainable.of(e.getKey(), e.getValue()));
        }
    }

    @Override
    public List<Trainable> trainables() {
        return List.copyOf(trainables);
    }

    @Override
    public void prepare() {
        // the model computes with the parameters themselves
    }

    @Override
    public List<NDArray> gradients() {
        List<NDArray> out = new ArrayList<>(trainables.size());
        for (Trainable t : trainables) {
            out.add(t.value().getGradient());
        }
        return out;
    }

    @Override
    public void clearGradients() {
        for (Trainable t : trainables) {
            JniUtils.zeroGrad((PtNDArray) t.value());
        }
    }

    @Override
    public void close() {
        // the parameters belong to the model
    }
}
