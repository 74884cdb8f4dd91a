package dev.skillmerge.merge.sparsify;

import dev.skillmerge.merge.method.TensorMerge;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * TIES trimming: keep exactly k = int(density * n) entries of largest |delta| per tensor, chosen by
 * radix selection (two scans, no sort); ties at the cut-off keep the later positions. With
 * {@code rescale}, the kept entries are scaled to the L1 norm of the whole delta.
 */
public final class MagnitudeTopK implements Sparsifier {
    @Override
    public Sparsification prepare(TensorMerge tensor) throws IOException {
        int models = tensor.models();
        long n = tensor.size();
        long[][] targets = new long[models][1];
        boolean any = false;
        for (int k = 0; k < models; k++) {
            double density = tensor.param(k, "density");
            targets[k][0] = density >= 1 ? 0 : n - (long) (density * n);
            any |= density < 1;
        }
        if (!any) {
            return Sparsification.NONE;
        }
        RankCutoff[][] cutoffs = RankSelection.select(tensor, models, RankSelection::magnitudes, targets);
        Supplier<Sparsification> masks = () -> {
            RankCutoff.Gate[] gates = new RankCutoff.Gate[models];
            for (int k = 0; k < models; k++) {
                gates[k] = cutoffs[k][0].gate();
            }
            return (model, chunk, delta) -> gates[model].zeroBelow(delta, chunk.length);
        };
        return tensor.flag("rescale") ? RescaledSparsification.l1(tensor, masks) : masks.get();
    }
}
