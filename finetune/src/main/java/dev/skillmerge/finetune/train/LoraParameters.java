package dev.skillmerge.finetune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.skillmerge.checkpoint.rng.PositionalRandom;
import dev.skillmerge.runtime.model.LlamaWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * LoRA training on the runtime's model, whose layers read each weight under its Hugging Face name. Before
 * a step every adapted weight is overwritten in place with W0 + s B A (W0: the frozen original, kept
 * aside), the model runs unchanged, and autograd delivers dL/dW for the adapted weights only; the chain
 * rule through W = W0 + s B A then gives the factors' gradients with two small matrix products:
 * dL/dA = s B^T dL/dW and dL/dB = s dL/dW A^T. Frozen weights collect no gradient.
 */
public final class LoraParameters implements TrainableParameters {
    private final List<Module> modules = new ArrayList<>();
    private final List<Trainable> trainables = new ArrayList<>();
    private final LoraSettings settings;

    /** One adapted projection: the model's weight, its frozen original, and the factors. */
    public record Module(String module, NDArray weight, NDArray frozen, NDArray a, NDArray b, NDArray scale) {
    }

    public LoraParameters(LlamaWeights weights, LoraSettings settings, long seed, NDManager manager) {
        this.settings = settings;
        for (Map.Entry<String, NDArray> e : weights.parameters().entrySet()) {
            String name = e.getKey();
            if (!name.endsWith(".weight") || !settings.targets(name.substring(0, name.length() - ".weight".length()))) {
                continue;
            }
            String module = name.substring(0, name.length() - ".weight".length());
            NDArray w = e.getValue();
            long out = w.getShape().get(0);
            long in = w.getShape().get(1);
            NDArray frozen = w.duplicate();
            // the factors in the weight's dtype (float32 when training, float64 in gradient checks)
            NDArray a = manager.create(kaimingUniform(seed, module, settings.rank(), in), new Shape(settings.rank(), in))
                    .toType(w.getDataType(), false);
            NDArray b = manager.zeros(new Shape(out, settings.rank()), w.getDataType());
            NDArray scale = manager.create(settings.scale()).toType(w.getDataType(), false);
            w.setRequiresGradient(true);
            modules.add(new Module(module, w, frozen, a, b, scale));
            trainables.add(new Trainable(PeftKeys.a(module), a, true));
            trainables.add(new Trainable(PeftKeys.b(module), b, true));
        }
        if (modules.isEmpty()) {
            throw new IllegalArgumentException("no weight of the model matches --lora-targets " + settings.targets());
        }
    }

    // PEFT's kaiming_uniform_(a=sqrt(5)): gain sqrt(2 / (1 + 5)) times sqrt(3 / fan_in) = 1 / sqrt(fan_in)
    private static float[] kaimingUniform(long seed, String module, int rank, long in) {
        PositionalRandom random = PositionalRandom.of(seed, "lora_A:" + module);
        float bound = (float) (1 / Math.sqrt(in));
        float[] values = new float[Math.toIntExact(rank * in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.symmetric(i) * bound;
        }
        return values;
    }

    public LoraSettings settings() {
        return settings;
    }

    public List<Module> modules() {
        return List.copyOf(modules);
    }

    @Override
    public List<Trainable> trainables() {
        return List.copyOf(trainables);
    }

    @Override
    public void prepare() {
        try (NDScope scope = new NDScope()) {
            for (Module m : modules) {
                // W = W0 + s B A, written in place: the model keeps reading the same array
                m.weight().set(new NDIndex(":"), m.frozen().add(m.b().matMul(m.a()).mul(m.scale())));
            }
        }
    }

    @Override
    public List<NDArray> gradients() {
        List<NDArray> out = new ArrayList<>(trainables.size());
        for (Module m : modules) {
            NDArray g = m.weight().getGradient();
            out.add(m.b().transpose().matMul(g).mul(m.scale()));
            out.add(g.matMul(m.a().transpose()).mul(m.scale()));
        }
        return out;
    }

    @Override
    public void clearGradients() {
        for (Module m : modules) {
            JniUtils.zeroGrad((PtNDArray) m.weight());
        }
    }

    @Override
    public void close() {
        for (Module m : modules) {
            m.frozen().close();
            m.a().close();
            m.b().close();
            m.scale().close();
        }
    }
}
