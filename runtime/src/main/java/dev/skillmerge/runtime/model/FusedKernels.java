package dev.skillmerge.runtime.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.LibUtils;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Two of libtorch's fused kernels that DJL 0.33's API does not reach: {@code torch.nn.functional.silu} and
 * {@code scaled_dot_product_attention} (flash attention on CPU: no [T, S] score matrix kept for the backward
 * pass). Training the d_model 384 benchmark model with them is what eager PyTorch in Python does; without them
 * SiLU is three ops and attention five, each saving its inputs for the backward pass.
 * <p>
 * They are called through FFM at the dispatcher's entry points in libtorch_cpu ({@code at::_ops::silu::call},
 * {@code at::_ops::scaled_dot_product_attention::call}), so autograd, devices and dtypes behave exactly as in
 * Python: an NDArray's handle is a heap {@code at::Tensor*}, a {@code const Tensor&} argument is that pointer,
 * and the returned {@code Tensor} is constructed (Itanium C++ ABI: through a hidden result pointer) in memory
 * from {@code operator new}, which DJL later frees with {@code delete} like any handle of its own. The symbols
 * exist only for the Itanium ABI (Linux); elsewhere, or with {@code -Dskillmerge.fusedKernels=false}, or when
 * a symbol is missing (another libtorch), {@link #available()} is empty and the model uses its decomposed ops.
 * <p>
 * A C++ exception cannot cross FFM (it would end the process), so every call checks what libtorch would
 * reject (ranks, shapes, dtypes, devices) first and throws IllegalArgumentException instead.
 */
public final class FusedKernels {
    /** Set to false to run the decomposed ops (A/B measurements, or a libtorch whose symbols misbehave). */
    public static final String PROPERTY = "skillmerge.fusedKernels";
    private static final String SILU = "_ZN2at4_ops4silu4callERKNS_6TensorE";
    private static final String ATTENTION =
            "_ZN2at4_ops28scaled_dot_product_attention4callERKNS_6TensorES4_S4_RKSt8optionalIS2_EdbS5_IdEb";
    private static final String OPERATOR_NEW = "_Znwm";
    // std::optional<double> passed by value: {double value; bool engaged}; std::optional<Tensor>: {TensorImpl*; bool}
    private static final StructLayout OPTIONAL_DOUBLE =
            MemoryLayout.structLayout(ValueLayout.JAVA_DOUBLE, ValueLayout.JAVA_BOOLEAN, MemoryLayout.paddingLayout(7));
    private static final long OPTIONAL_TENSOR_BYTES = 16;
    private static final long TENSOR_BYTES = 8;
    private static volatile Optional<FusedKernels> instance;

    private final MethodHandle operatorNew;
    private final MethodHandle silu;
    private final MethodHandle attention;

    private FusedKernels(MethodHandle operatorNew, MethodHandle silu, MethodHandle attention) {
        this.operatorNew = operatorNew;
        this.silu = silu;
        this.attention = attention;
    }

    /** The kernels, when this platform's libtorch has them and they are not switched off. */
    public static Optional<FusedKernels> available() {
        Optional<FusedKernels> found = instance;
        if (found == null) {
            synchronized (FusedKernels.class) {
                found = instance;
                if (found == null) {
                    found = Boolean.parseBoolean(System.getProperty(PROPERTY, "true")) ? find() : Optional.empty();
                    instance = found;
                }
            }
        }
        return found;
    }

    private static Optional<FusedKernels> find() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return Optional.empty();
        }
        Engine.getEngine("PyTorch"); // loads libtorch, whose folder LibUtils then knows
        Path library = Path.of(LibUtils.getLibtorchPath()).resolve("libtorch_cpu.so");
        if (!Files.isRegularFile(library)) {
            return Optional.empty();
        }
        // the library is already loaded by DJL: this lookup shares its handle (and unloads nothing, Arena.global)
        SymbolLookup torch = SymbolLookup.libraryLookup(library, Arena.global());
        Optional<MemorySegment> operatorNew = torch.find(OPERATOR_NEW);
        Optional<MemorySegment> silu = torch.find(SILU);
        Optional<MemorySegment> attention = torch.find(ATTENTION);
        if (operatorNew.isEmpty() || silu.isEmpty() || attention.isEmpty()) {
            return Optional.empty();
        }
        Linker linker = Linker.nativeLinker();
        ValueLayout pointer = ValueLayout.ADDRESS;
        return Optional.of(new FusedKernels(
                linker.downcallHandle(operatorNew.get(), FunctionDescriptor.of(pointer, ValueLayout.JAVA_LONG)),
                linker.downcallHandle(silu.get(), FunctionDescriptor.ofVoid(pointer, pointer)),
                linker.downcallHandle(attention.get(), FunctionDescriptor.ofVoid(pointer, pointer, pointer, pointer, pointer,
                        ValueLayout.JAVA_DOUBLE, ValueLayout.JAVA_BOOLEAN, OPTIONAL_DOUBLE, ValueLayout.JAVA_BOOLEAN))));
    }

    /** silu(x) = x * sigmoid(x), elementwise, one op forward and one backward. */
    public NDArray silu(NDArray x) {
        requireFloat(x, "silu input");
        MemorySegment result = newTensor();
        try {
            silu.invokeExact(result, tensor(x));
        } catch (Throwable e) {
            throw new IllegalStateException("libtorch silu failed", e);
        }
        return wrap(result, x);
    }

    /**
     * softmax(q k^T / sqrt(D) + mask) v for q [B, H, T, D], k and v [B, H, S, D]; {@code mask} (null: none) is
     * added to the scores and must broadcast to [B, H, T, S] with at most four axes, in q's dtype; {@code causal}
     * hides every key after its query (query t sees keys 0..t, as a mask from position 0 would).
     */
    public NDArray attention(NDArray q, NDArray k, NDArray v, NDArray mask, boolean causal) {
        Shape qs = q.getShape();
        Shape ks = k.getShape();
        if (qs.dimension() != 4 || ks.dimension() != 4 || !ks.equals(v.getShape()) || qs.get(0) != ks.get(0) || qs.get(1) != ks.get(1)
                || qs.get(3) != ks.get(3)) {
            throw new IllegalArgumentException("attention needs q [B, H, T, D] and k, v [B, H, S, D]; got " + qs + ", " + ks + ", " + v.getShape());
        }
        requireFloat(q, "attention query");
        requireSame(q, k, "key");
        requireSame(q, v, "value");
        if (mask != null) {
            requireSame(q, mask, "mask");
            Shape full = new Shape(qs.get(0), qs.get(1), qs.get(2), ks.get(2));
            Shape ms = mask.getShape();
            if (ms.dimension() > 4 || ms.dimension() < 2 || !broadcasts(ms, full)) {
                throw new IllegalArgumentException("an attention mask " + ms + " does not broadcast to the scores " + full);
            }
        }
        MemorySegment result = newTensor();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment optionalMask = arena.allocate(OPTIONAL_TENSOR_BYTES);
            if (mask != null) {
                // a borrowed at::Tensor: the TensorImpl pointer without a reference of its own; libtorch takes the
                // optional by const reference and counts any copy it keeps, and DJL's handle keeps the mask alive
                optionalMask.set(ValueLayout.JAVA_LONG, 0, tensor(mask).reinterpret(TENSOR_BYTES).get(ValueLayout.JAVA_LONG, 0));
                optionalMask.set(ValueLayout.JAVA_BOOLEAN, 8, true);
            }
            MemorySegment defaultScale = arena.allocate(OPTIONAL_DOUBLE);
            attention.invokeExact(result, tensor(q), tensor(k), tensor(v), optionalMask, 0.0, causal, defaultScale, false);
        } catch (Throwable e) {
            throw new IllegalStateException("libtorch scaled_dot_product_attention failed", e);
        }
        return wrap(result, q);
    }

    private MemorySegment newTensor() {
        try {
            return (MemorySegment) operatorNew.invokeExact(TENSOR_BYTES);
        } catch (Throwable e) {
            throw new IllegalStateException("operator new failed", e);
        }
    }

    private static MemorySegment tensor(NDArray array) {
        return MemorySegment.ofAddress(((PtNDArray) array).getHandle());
    }

    private static NDArray wrap(MemorySegment result, NDArray like) {
        return new PtNDArray((PtNDManager) like.getManager(), result.address());
    }

    private static void requireFloat(NDArray x, String what) {
        if (!(x instanceof PtNDArray) || !x.getDataType().isFloating()) {
            throw new IllegalArgumentException(what + " must be a floating-point PyTorch array, got " + x.getDataType());
        }
    }

    private static void requireSame(NDArray q, NDArray other, String what) {
        if (!(other instanceof PtNDArray) || other.getDataType() != q.getDataType() || !other.getDevice().equals(q.getDevice())) {
            throw new IllegalArgumentException("attention " + what + " must match the query's dtype and device: "
                    + other.getDataType() + " on " + other.getDevice() + " against " + q.getDataType() + " on " + q.getDevice());
        }
    }

    private static boolean broadcasts(Shape from, Shape to) {
        int offset = to.dimension() - from.dimension();
        for (int i = 0; i < from.dimension(); i++) {
            long f = from.get(i);
            if (f != 1 && f != to.get(i + offset)) {
                return false;
            }
        }
        return true;
    }
}
