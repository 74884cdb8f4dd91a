package dev.skillmerge.merge.sparsify;

import dev.skillmerge.checkpoint.rng.PositionalRandom;
import dev.skillmerge.merge.method.TensorMerge;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * DARE: keep each entry with probability {@code density}, independently (u < density with u uniform
 * from the positional random stream of this model and tensor). With {@code rescale}, kept entries are
 * scaled to match the L1 norm (mergekit's default); with {@code rescale_by_density: true}, by 1/density
 * as in the DARE paper.
 */
public final class BernoulliDrop implements Sparsifier {
    @Override
    public Sparsification prepare(TensorMerge tensor) throws IOException {
        int models = tensor.models();
        float[] density = new float[models];
        PositionalRandom[] random = new PositionalRandom[models];
        for (int k = 0; k < models; k++) {
            density[k] = (float) tensor.param(k, "density");
            random[k] = tensor.random(k);
        }
        Supplier<Sparsification> masks = () -> (model, chunk, delta) -> {
            float p = density[model];
            if (p >= 1) {
                return;
            }
            PositionalRandom r = random[model];
            for (int i = 0; i < chunk.length; i++) {
                if (r.uniform(chunk.offset + i) >= p) {
                    delta[i] = 0;
                }
            }
        };
        if (!tensor.flag("rescale")) {
            return masks.get();
        }
        if (tensor.flag("rescale_by_density")) {
            Sparsification mask = masks.get();
            return (model, chunk, delta) -> {
                mask.apply(model, chunk, delta);
                float p = density[model];
                if (p < 1 && p > 0) {
                    for (int i = 0; i < chunk.length; i++) {
                        delta[i] /= p;
                    }
                }
            };
        }
        return RescaledSparsification.l1(tensor, masks);
    }
}
