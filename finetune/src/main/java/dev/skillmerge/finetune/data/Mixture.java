package dev.skillmerge.finetune.data;

import dev.skillmerge.checkpoint.rng.PositionalRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The datasets of a run mixed by their weights (the paper's RT mix is "general + skill"): each epoch uses
 * {@code floor(w)} copies of a dataset plus a fixed random {@code w - floor(w)} fraction of it, all shuffled
 * together. The order of epoch e is a pure function of (seed, e), so a run resumed at any step sees exactly
 * the examples the uninterrupted run would have.
 */
public final class Mixture {
    private final List<Dataset> datasets;
    private final List<Example> perEpoch;
    private final java.util.Map<Dataset, Integer> counts = new java.util.IdentityHashMap<>();
    private final long seed;

    public Mixture(List<Dataset> datasets, long seed) {
        this.datasets = List.copyOf(datasets);
        this.seed = seed;
        List<Example> selected = new ArrayList<>();
        for (Dataset d : datasets) {
            List<Example> examples = d.train();
            int copies = (int) Math.floor(d.spec().weight());
            for (int c = 0; c < copies; c++) {
                selected.addAll(examples);
            }
            int extra = (int) Math.round((d.spec().weight() - copies) * examples.size());
            counts.put(d, copies * examples.size() + extra);
            PositionalRandom random = PositionalRandom.of(seed, "mixture:" + d.name());
            IntStream.range(0, examples.size()).boxed().sorted(Comparator.comparingLong((Integer i) -> random.bits(i))).limit(extra).sorted()
                    .forEach(i -> selected.add(examples.get(i)));
        }
        this.perEpoch = List.copyOf(selected);
    }

    public List<Dataset> datasets() {
        return datasets;
    }

    /** Examples one epoch trains on: the |D| of the paper's weight heuristic. */
    public int examplesPerEpoch() {
        return perEpoch.size();
    }

    /** How many examples of {@code dataset} one epoch uses. */
    public int examplesPerEpoch(Dataset dataset) {
        return counts.getOrDefault(dataset, 0);
    }

    /** Tokens in one epoch. */
    public long tokensPerEpoch() {
        return perEpoch.stream().mapToLong(e -> e.tokens().length).sum();
    }

    /** The examples of epoch {@code epoch} (0-based) in training order. */
    public List<Example> epoch(int epoch) {
        List<Example> order = new ArrayList<>(perEpoch);
        SplittableRandom random = new SplittableRandom(PositionalRandom.of(seed, "epoch").bits(epoch));
        for (int i = order.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Example swap = order.get(i);
            order.set(i, order.get(j));
            order.set(j, swap);
        }
        return order;
    }

    /** Every held-out example of every dataset, in file order. */
    public List<Example> heldOut() {
        return datasets.stream().flatMap(d -> d.heldOut().stream()).toList();
    }
}
