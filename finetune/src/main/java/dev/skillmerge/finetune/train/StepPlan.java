package dev.skillmerge.finetune.train;

import dev.skillmerge.finetune.data.Example;
import dev.skillmerge.finetune.data.Mixture;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which examples each optimizer step sees: epoch e's shuffled order cut into batches of {@code batchSize}
 * (the last batch of an epoch may be smaller, as a DataLoader without drop_last gives it), each batch split
 * into micro-batches of examples of similar length, so that padding stays small. A function of the mixture
 * and the step alone.
 */
public final class StepPlan {
    private final Mixture mixture;
    private final int batchSize;
    private final long stepsPerEpoch;
    private final long totalSteps;
    private int cachedEpoch = -1;
    private List<Example> cachedOrder;

    public StepPlan(Mixture mixture, int batchSize, int epochs, long maxSteps) {
        this.mixture = mixture;
        this.batchSize = batchSize;
        this.stepsPerEpoch = (mixture.examplesPerEpoch() + batchSize - 1) / batchSize;
        this.totalSteps = maxSteps > 0 ? maxSteps : stepsPerEpoch * epochs;
    }

    public long totalSteps() {
        return totalSteps;
    }

    public long stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** The epoch (0-based) step {@code step} (0-based) belongs to. */
    public int epochOf(long step) {
        return Math.toIntExact(step / stepsPerEpoch);
    }

    /** How many epochs the plan runs, the last possibly in part. */
    public double epochs() {
        return (double) totalSteps / stepsPerEpoch;
    }

    public List<Example> examples(long step) {
        int epoch = epochOf(step);
        if (epoch != cachedEpoch) {
            cachedOrder = mixture.epoch(epoch);
            cachedEpoch = epoch;
        }
        int from = Math.toIntExact((step % stepsPerEpoch) * batchSize);
        return cachedOrder.subList(from, Math.min(cachedOrder.size(), from + batchSize));
    }

    /** The step's examples, longest first, cut into at most {@code accumulation} consecutive micro-batches. */
    public List<List<Example>> microBatches(long step, int accumulation) {
        List<Example> sorted = new ArrayList<>(examples(step));
        sorted.sort(Comparator.comparingInt(Example::length).reversed());
        int size = (sorted.size() + accumulation - 1) / accumulation;
        List<List<Example>> out = new ArrayList<>();
        for (int from = 0; from < sorted.size(); from += size) {
            out.add(sorted.subList(from, Math.min(sorted.size(), from + size)));
        }
        return out;
    }
}
