package dev.skillmerge.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The cos/sin tables of {@link Rope} on a device, grown on demand (a 128k-context model need not pay for
 * 128k positions it never reaches), and their application to queries and keys.
 */
final class RotaryEmbedding implements AutoCloseable {
    private final Rope rope;
    private final NDManager manager;
    private NDArray cos;
    private NDArray sin;
    private int positions;

    RotaryEmbedding(Rope rope, NDManager manager) {
        this.rope = rope;
        this.manager = manager;
    }

    /**
     * Rotates {@code x} of shape [B, heads, T, D] whose tokens sit at positions [start, start + T):
     * x * cos + rotate_half(x) * sin, where rotate_half(x) = cat(-x[D/2:], x[:D/2]).
     */
    NDArray apply(NDArray x, int start) {
        int t = (int) x.getShape().get(2);
        ensure(start + t);
        NDIndex rows = new NDIndex("{}:{}", start, start + t);
        NDArray c = cos.get(rows);
        NDArray s = sin.get(rows);
        long half = rope.headDim() / 2;
        NDArray first = x.get(new NDIndex("..., :{}", half));
        NDArray second = x.get(new NDIndex("..., {}:", half));
        NDArray rotated = NDArrays.concat(new NDList(second.neg(), first), -1);
        return x.mul(c).add(rotated.mul(s));
    }

    private synchronized void ensure(int needed) {
        if (needed <= positions) {
            return;
        }
        int grown = Math.max(needed, Math.max(256, positions * 2));
        float[][] tables = rope.tables(grown);
        NDArray newCos = manager.create(tables[0], new Shape(grown, rope.headDim()));
        NDArray newSin = manager.create(tables[1], new Shape(grown, rope.headDim()));
        // created outside any caller's NDScope: the tables outlive the step that first needed them
        ai.djl.ndarray.NDScope.unregister(newCos, newSin);
        if (cos != null) {
            cos.close();
            sin.close();
        }
        cos = newCos;
        sin = newSin;
        positions = grown;
    }

    @Override
    public synchronized void close() {
        if (cos != null) {
            cos.close();
            sin.close();
        }
    }
}
