package dev.skillmerge.taskvectors.stats;

import java.util.List;

/**
 * What {@code taskvector stats} found: per vector, per pair, per layer, and the largest tensors. Layers
 * are the decoder layers in order, then "other" (embeddings, final norm, head) when a vector has such
 * tensors. Pairs (a, b), a < b, are in row order: (0,1), (0,2), ..., (1,2), ...
 */
public record StatsReport(List<Vector> vectors, List<Pair> pairs, Conflicts overall, List<Layer> layers) {
    public StatsReport {
        vectors = List.copyOf(vectors);
        pairs = List.copyOf(pairs);
        layers = List.copyOf(layers);
    }

    /**
     * One task vector: its L2 norm, the share of exactly-zero entries, and its largest tensors by L2 norm
     * with their share of the vector's squared norm.
     */
    public record Vector(String name, long elements, double norm, double sparsity, List<TensorNorm> largest) {
        public Vector {
            largest = List.copyOf(largest);
        }
    }

    public record TensorNorm(String tensor, double norm, double shareOfSquares) {
    }

    /**
     * Two task vectors: cosine similarity, and the sign-conflict rate, the share of coordinates where
     * both are nonzero that have opposite signs (the interference TIES elects signs against).
     */
    public record Pair(int a, int b, double cosine, long bothNonzero, double signConflict) {
    }

    /** Across all vectors: of the coordinates where at least two are nonzero, the share whose signs disagree. */
    public record Conflicts(long contested, double rate) {
    }

    /** One layer: each vector's norm there, and each pair's cosine and sign-conflict rate there. */
    public record Layer(String layer, double[] norms, double[] cosines, double[] signConflicts) {
        public Layer {
            norms = norms.clone();
            cosines = cosines.clone();
            signConflicts = signConflicts.clone();
        }

        @Override
        public double[] norms() {
            return norms.clone();
        }

        @Override
        public double[] cosines() {
            return cosines.clone();
        }

        @Override
        public double[] signConflicts() {
            return signConflicts.clone();
        }
    }
}
