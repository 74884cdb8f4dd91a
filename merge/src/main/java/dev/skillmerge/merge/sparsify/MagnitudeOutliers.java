package dev.skillmerge.merge.sparsify;

import dev.skillmerge.merge.method.TensorMerge;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Model Breadcrumbs: drop the largest outliers and the smallest entries of |delta|. With n_top =
 * int(gamma n), target = int(density n), n_bot = n - target - n_top (if negative, n_top absorbs it and
 * n_bot = 0), keep the ascending ranks [n_bot, n - n_top). mergekit keeps nothing at all when n_top is 0
 * (its slice [n_bot:-0] is empty), zeroing the whole task vector; that stays the default for
 * compatibility, and {@code fix_empty_top: true} keeps ranks [n_bot, n) instead.
 */
public final class MagnitudeOutliers implements Sparsifier {
    @Override
    public Sparsification prepare(TensorMerge tensor) throws IOException {
        int models = tensor.models();
        long n = tensor.size();
        boolean fixEmptyTop = tensor.flag("fix_empty_top");
        long[][] targets = new long[models][2];
        boolean[] untouched = new boolean[models];
        for (int k = 0; k < models; k++) {
            double density = tensor.param(k, "density");
            if (density >= 1) {
                untouched[k] = true;
                targets[k] = new long[] {0, n};
                continue;
            }
            long target = (long) (density * n);
            long nTop = (long) (tensor.param(k, "gamma") * n);
            long nBot = n - target - nTop;
            if (nBot < 0) {
                nTop += nBot;
                nBot = 0;
            }
            long upper = nTop == 0 && !fixEmptyTop ? nBot : n - nTop;
            targets[k] = new long[] {nBot, upper};
        }
        RankCutoff[][] cutoffs = RankSelection.select(tensor, models, RankSelection::magnitudes, targets);
        Supplier<Sparsification> masks = () -> {
            RankCutoff.Gate[] lower = new RankCutoff.Gate[models];
            RankCutoff.Gate[] upper = new RankCutoff.Gate[models];
            for (int k = 0; k < models; k++) {
                lower[k] = cutoffs[k][0].gate();
                upper[k] = cutoffs[k][1].gate();
            }
            return (model, chunk, delta) -> {
                if (untouched[model]) {
                    return;
                }
                lower[model].zeroOutside(upper[model], delta, chunk.length);
            };
        };
        return tensor.flag("rescale") ? RescaledSparsification.l1(tensor, masks) : masks.get();
    }
}
