package dev.skillmerge.checkpoint.tensor;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A tensor shape: non-negative dimensions, row-major. */
public record Shape(long[] dims) {
    public Shape {
        dims = dims.clone();
    }

    public static Shape of(long... dims) {
        return new Shape(dims);
    }

    public int rank() {
        return dims.length;
    }

    public long dim(int i) {
        return dims[i];
    }

    /** The number of elements; a rank-0 tensor holds one. */
    public long elementCount() {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
