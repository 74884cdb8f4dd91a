package dev.skillmerge.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;

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

    /** The cos and sin rows of one forward call, shaped to broadcast over [B, heads, T, D]. */
    record Angles(NDArray cos, NDArray sin) {
    }

    /** The angles of positions [start, start + t), shared by every row: [T, D]. */
    Angles at(int start, int t) {
        ensure(start + t);
        NDIndex rows = new NDIndex("{}:{}", start, start + t);
        return new Angles(cos.get(rows), sin.get(rows));
    }

    /**
     * The angles of each row's own positions {@code positions} [B, T] (int64), as a left-padded batch needs:
     * [B, 1, T, D]. The lookup is an embedding of the positions into the cos and sin tables.
     */
    Angles at(NDArray positions, int maxPosition) {
        ensure(maxPosition + 1);
        NDArray c = Embedding.embedding(positions, cos, SparseFormat.DENSE).singletonOrThrow();
        NDArray s = Embedding.embedding(positions, sin, SparseFormat.DENSE).singletonOrThrow();
        return new Angles(c.expandDims(1), s.expandDims(1));
    }

    /**
     * Rotates {@code x} of shape [B, heads, T, D]: x * cos + rotate_half(x) * sin, where
     * rotate_half(x) = cat(-x[D/2:], x[:D/2]).
     */
    NDArray apply(NDArray x, Angles angles) {
        long half = rope.headDim() / 2;
        NDArray first = x.get(new NDIndex("..., :{}", half));
        NDArray second = x.get(new NDIndex("..., {}:", half));
        NDArray rotated = NDArrays.concat(new NDList(second.neg(), first), -1);
        return x.mul(angles.cos()).add(rotated.mul(angles.sin()));
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
