package dev.skillmerge.finetune.train;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Keeps the memory PyTorch frees for reuse instead of handing it back to the kernel. A training step
 * allocates and frees the same activation and gradient buffers every time; with glibc's defaults,
 * buffers above its mmap threshold are mapped fresh on each allocation and unmapped on each free, so
 * every step pays a page fault (and the kernel zeroing a page) per 4 KB touched: 6,600 faults per step
 * on the d_model 128 benchmark shape, about a tenth of its time. With the mmap threshold at its maximum
 * (32 MB) and trimming off, a step reuses the previous step's memory: 85 faults per step (measured,
 * docs/benchmarks.md). The price is that the process keeps its peak heap until it ends, which a training
 * run reaches anyway. A no-op where the C library has no mallopt (musl, macOS).
 */
public final class NativeHeap {
    // glibc's malloc.h
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    private static final int MAX_MMAP_THRESHOLD = 32 << 20;
    private static boolean applied;

    private NativeHeap() {
    }

    /** Applies the settings once per process; returns whether the C library accepted them. */
    public static synchronized boolean keepFreedMemory() {
        if (applied) {
            return true;
        }
        Optional<MethodHandle> mallopt = mallopt();
        if (mallopt.isEmpty()) {
            return false;
        }
        try {
            MethodHandle m = mallopt.get();
            boolean ok = (int) m.invokeExact(M_MMAP_THRESHOLD, MAX_MMAP_THRESHOLD) == 1;
            ok &= (int) m.invokeExact(M_TRIM_THRESHOLD, Integer.MAX_VALUE) == 1;
            ok &= (int) m.invokeExact(M_TOP_PAD, 64 << 20) == 1;
            applied = ok;
            return ok;
        } catch (Throwable e) {
            return false;
        }
    }

    private static Optional<MethodHandle> mallopt() {
        Linker linker = Linker.nativeLinker();
        Optional<MemorySegment> symbol = linker.defaultLookup().find("mallopt");
        return symbol.map(s -> linker.downcallHandle(s, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)));
    }
}
