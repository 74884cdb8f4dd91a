package dev.skillmerge.runtime.bench;

import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * This machine's sustained memory read rate: {@code threads} threads summing disjoint parts of a buffer
 * far larger than the caches, best of several passes. A decode step reads every weight once, so weight
 * bytes / this rate bounds the tokens per second any implementation can reach.
 */
public final class MemoryBandwidth {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private MemoryBandwidth() {
    }

    /** Bytes per second read, over a buffer of {@code bytes} bytes. */
    public static double readBytesPerSecond(long bytes, int threads, int passes) {
        int n = Math.toIntExact(bytes / 4);
        float[] data = new float[n];
        IntStream.range(0, threads).parallel().forEach(t -> java.util.Arrays.fill(data, (int) ((long) n * t / threads),
                (int) ((long) n * (t + 1) / threads), 1f));
        double best = 0;
        for (int pass = 0; pass < passes; pass++) {
            long start = System.nanoTime();
            double total = IntStream.range(0, threads).parallel()
                    .mapToDouble(t -> sum(data, (int) ((long) n * t / threads), (int) ((long) n * (t + 1) / threads))).sum();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (total != n) {
                throw new IllegalStateException("bandwidth probe summed " + total + ", expected " + n);
            }
            best = Math.max(best, 4.0 * n / seconds);
        }
        return best;
    }

    private static double sum(float[] data, int from, int to) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = from;
        for (; i <= to - SPECIES.length(); i += SPECIES.length()) {
            acc = acc.add(FloatVector.fromArray(SPECIES, data, i));
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) {
            s += data[i];
        }
        return s;
    }
}
