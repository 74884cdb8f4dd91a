package dev.skillmerge.finetune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.skillmerge.runtime.model.FusedKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * AdamW (Loshchilov and Hutter 2019) with the semantics of PyTorch's torch.optim.AdamW: for update t,
 * <pre>
 *   p <- p (1 - lr wd)                                   decoupled decay (matrices only, see {@link Trainable})
 *   m <- b1 m + (1 - b1) g,   v <- b2 v + (1 - b2) g^2    g: the gradient times the clipping factor
 *   p <- p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 * Where libtorch's fused kernels are {@link FusedKernels#available() available}, an update is PyTorch's own fused
 * AdamW kernel (torch.optim.AdamW(fused=True)): one pass over each tensor, one call per step, two with weight decay
 * (the decayed tensors and the rest).
 * Otherwise each tensor's update is one call into DJL's native Adam, which computes
 * {@code p - c m / (sqrt(v) + e)}; with {@code c = lr sqrt(1 - b2^t) / (1 - b1^t)} and
 * {@code e = eps sqrt(1 - b2^t)} that is PyTorch's update exactly (multiply its numerator and denominator by
 * sqrt(1 - b2^t)), in a dozen passes over the tensor.
 */
public final class AdamW implements AutoCloseable {
    private final List<Trainable> parameters;
    private final List<NDArray> values;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final Optional<FusedKernels> kernels;
    // t for the fused kernel, a float32 tensor as PyTorch keeps it in the optimizer's state
    private final NDArray step;
    // the fused kernel's calls: the indices of the parameters each updates, one call per weight decay
    private final List<List<Integer>> fusedGroups;
    private long updates;

    public AdamW(List<Trainable> parameters, double beta1, double beta2, double epsilon, double weightDecay, NDManager manager) {
        this(parameters, beta1, beta2, epsilon, weightDecay, manager, FusedKernels.available());
    }

    /** {@code kernels} empty: DJL's per-tensor Adam (the same values to float rounding). */
    public AdamW(List<Trainable> parameters, double beta1, double beta2, double epsilon, double weightDecay, NDManager manager,
                 Optional<FusedKernels> kernels) {
        this.parameters = List.copyOf(parameters);
        this.values = parameters.stream().map(Trainable::value).toList();
        this.kernels = kernels;
        this.step = manager.create(new float[] {0f});
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        for (Trainable p : parameters) {
            firstMoments.add(manager.zeros(p.value().getShape()));
            secondMoments.add(manager.zeros(p.value().getShape()));
        }
        List<Integer> decayed = new ArrayList<>();
        List<Integer> plain = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            (weightDecay != 0 && parameters.get(i).decayed() ? decayed : plain).add(i);
        }
        this.fusedGroups = Stream.of(decayed, plain).filter(g -> !g.isEmpty()).toList();
    }

    /**
     * One update of every parameter with its gradient scaled by {@code gradientScale} (the clipping factor).
     */
    public void update(List<NDArray> gradients, double learningRate, double gradientScale) {
        updates++;
        if (kernels.isPresent()) {
            fusedUpdate(kernels.get(), gradients, learningRate, gradientScale);
            return;
        }
        double correction1 = 1 - Math.pow(beta1, updates);
        double correction2 = Math.sqrt(1 - Math.pow(beta2, updates));
        float stepSize = (float) (learningRate * correction2 / correction1);
        float eps = (float) (epsilon * correction2);
        for (int i = 0; i < parameters.size(); i++) {
            Trainable p = parameters.get(i);
            NDArray value = p.value();
            float decay = p.decayed() ? (float) weightDecay : 0f;
            // without decay, the L2 form (g + 0 * p) is one pass over the tensor where the decoupled form is three
            value.getNDArrayInternal().adamUpdate(new NDList(value, gradients.get(i), firstMoments.get(i), secondMoments.get(i)),
                    new NDList(value), (float) learningRate, stepSize, decay, (float) gradientScale, -1f, (float) beta1, (float) beta2, eps,
                    false, decay > 0);
        }
    }

    private void fusedUpdate(FusedKernels fused, List<NDArray> gradients, double learningRate, double gradientScale) {
        Values.overwrite(step, new float[] {updates});
        try (NDScope scope = new NDScope()) {
            NDArray divisor = gradientScale == 1 ? null : step.getManager().create(new float[] {(float) (1 / gradientScale)});
            for (List<Integer> group : fusedGroups) {
                double decay = parameters.get(group.get(0)).decayed() ? weightDecay : 0;
                fused.adamW(pick(group, values), pick(group, gradients), pick(group, firstMoments),
                        pick(group, secondMoments), step, learningRate, beta1, beta2, decay, epsilon, divisor);
            }
        }
    }

    private static List<NDArray> pick(List<Integer> indices, List<NDArray> arrays) {
        return indices.stream().map(arrays::get).toList();
    }

    /** Updates done so far (t of the bias corrections). */
    public long updates() {
        return updates;
    }

    /** The moments, for checkpoints: exp_avg and exp_avg_sq as PyTorch's state_dict names them. */
    public List<NDArray> firstMoments() {
        return List.copyOf(firstMoments);
    }

    public List<NDArray> secondMoments() {
        return List.copyOf(secondMoments);
    }

    /** Restores a checkpoint's state: moment values are copied in, {@code updates} sets t. */
    public void restore(long updates, List<float[]> first, List<float[]> second) {
        this.updates = updates;
        for (int i = 0; i < parameters.size(); i++) {
            Values.overwrite(firstMoments.get(i), first.get(i));
            Values.overwrite(secondMoments.get(i), second.get(i));
        }
    }

    @Override
    public void close() {
        step.close();
        firstMoments.forEach(NDArray::close);
        secondMoments.forEach(NDArray::close);
    }
}
