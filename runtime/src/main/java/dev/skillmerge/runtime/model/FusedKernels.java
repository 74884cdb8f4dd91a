package dev.skillmerge.runtime.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
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
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * libtorch's fused kernels that DJL 0.33's API does not reach: {@code torch.nn.functional.silu},
 * {@code scaled_dot_product_attention} (flash attention on CPU: no [T, S] score matrix kept for the backward
 * pass), {@code rms_norm} (one call for six ops, in float for half-precision inputs as transformers' LlamaRMSNorm)
 * and the AdamW step of {@code torch.optim.AdamW(fused=True)}. Training with them is what eager PyTorch in
 * Python does; without them SiLU is three ops, attention five, each saving its inputs for the backward pass, and
 * an AdamW update a dozen passes over every parameter.
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
    private static final String ADAMW =
            "_ZN2at4_ops13_fused_adamw_4callEN3c108ArrayRefINS_6TensorEEES5_S5_S5_S5_S5_dddddbbRKSt8optionalIS4_ES9_";
    private static final String RMS_NORM = "_ZN2at4_ops8rms_norm4callERKNS_6TensorEN3c108ArrayRefIlEERKSt8optionalIS2_ES8_IdE";
    // Later libtorch (2.11, 2.13) takes the normalized shape as ArrayRef<SymInt>; a SymInt holding a plain size is
    // that int64 (only values below -2^62 mark symbolic ones), so both symbols take the same {data, length} argument.
    private static final String RMS_NORM_SYM_INT =
            "_ZN2at4_ops8rms_norm4callERKNS_6TensorEN3c108ArrayRefINS5_6SymIntEEERKSt8optionalIS2_ES9_IdE";
    // c10::ArrayRef<T> (a TensorList, an IntArrayRef) passed by value: {const T* data; size_t length}
    private static final StructLayout ARRAY_REF = MemoryLayout.structLayout(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG);
    private static final long OPTIONAL_TENSOR_BYTES = 16;
    private static final long TENSOR_BYTES = 8;
    private static volatile Optional<FusedKernels> instance;

    private final MethodHandle operatorNew;
    private final MethodHandle silu;
    private final MethodHandle attention;
    private final MethodHandle rmsNorm;
    private final MethodHandle adamW;

    private FusedKernels(MethodHandle operatorNew, MethodHandle silu, MethodHandle attention, MethodHandle rmsNorm, MethodHandle adamW) {
        this.operatorNew = operatorNew;
        this.silu = silu;
        this.attention = attention;
        this.rmsNorm = rmsNorm;
        this.adamW = adamW;
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
        Optional<MemorySegment> rmsNorm = torch.find(RMS_NORM).or(() -> torch.find(RMS_NORM_SYM_INT));
        Optional<MemorySegment> adamW = torch.find(ADAMW);
        if (operatorNew.isEmpty() || silu.isEmpty() || attention.isEmpty() || rmsNorm.isEmpty() || adamW.isEmpty()) {
            return Optional.empty();
        }
        Linker linker = Linker.nativeLinker();
        ValueLayout pointer = ValueLayout.ADDRESS;
        return Optional.of(new FusedKernels(
                linker.downcallHandle(operatorNew.get(), FunctionDescriptor.of(pointer, ValueLayout.JAVA_LONG)),
                linker.downcallHandle(silu.get(), FunctionDescriptor.ofVoid(pointer, pointer)),
                linker.downcallHandle(attention.get(), FunctionDescriptor.ofVoid(pointer, pointer, pointer, pointer, pointer,
                        ValueLayout.JAVA_DOUBLE, ValueLayout.JAVA_BOOLEAN, OPTIONAL_DOUBLE, ValueLayout.JAVA_BOOLEAN)),
                linker.downcallHandle(rmsNorm.get(), FunctionDescriptor.ofVoid(pointer, pointer, ARRAY_REF, pointer, OPTIONAL_DOUBLE)),
                linker.downcallHandle(adamW.get(), FunctionDescriptor.ofVoid(ARRAY_REF, ARRAY_REF, ARRAY_REF, ARRAY_REF, ARRAY_REF,
                        ARRAY_REF, ValueLayout.JAVA_DOUBLE, ValueLayout.JAVA_DOUBLE, ValueLayout.JAVA_DOUBLE, ValueLayout.JAVA_DOUBLE,
                        ValueLayout.JAVA_DOUBLE, ValueLayout.JAVA_BOOLEAN, ValueLayout.JAVA_BOOLEAN, pointer, pointer))));
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
     * x * rsqrt(mean(x^2) + eps) * weight over the last axis, computed in float32 for bf16 and f16 inputs and cast
     * back before the weight, as transformers' LlamaRMSNorm (libtorch adds eps in the input's dtype there).
     */
    public NDArray rmsNorm(NDArray x, NDArray weight, double eps) {
        requireFloat(x, "rms_norm input");
        requireSame(x, weight, "rms_norm weight");
        Shape xs = x.getShape();
        if (weight.getShape().dimension() != 1 || xs.dimension() == 0 || xs.get(xs.dimension() - 1) != weight.getShape().get(0)) {
            throw new IllegalArgumentException("rms_norm needs a weight as long as the input's last axis; got " + weight.getShape()
                    + " for " + xs);
        }
        MemorySegment result = newTensor();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment normalized = arena.allocate(ValueLayout.JAVA_LONG);
            normalized.set(ValueLayout.JAVA_LONG, 0, weight.getShape().get(0));
            MemorySegment shape = arena.allocate(ARRAY_REF);
            shape.set(ValueLayout.ADDRESS, 0, normalized);
            shape.set(ValueLayout.JAVA_LONG, 8, 1);
            rmsNorm.invokeExact(result, tensor(x), shape, optionalTensor(arena, weight), optionalDouble(arena, eps));
        } catch (Throwable e) {
            throw new IllegalStateException("libtorch rms_norm failed", e);
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
        requireSame(q, k, "attention key");
        requireSame(q, v, "attention value");
        if (mask != null) {
            requireSame(q, mask, "attention mask");
            Shape full = new Shape(qs.get(0), qs.get(1), qs.get(2), ks.get(2));
            Shape ms = mask.getShape();
            if (ms.dimension() > 4 || ms.dimension() < 2 || !broadcasts(ms, full)) {
                throw new IllegalArgumentException("an attention mask " + ms + " does not broadcast to the scores " + full);
            }
        }
        MemorySegment result = newTensor();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment defaultScale = optionalDouble(arena, null);
            attention.invokeExact(result, tensor(q), tensor(k), tensor(v), optionalTensor(arena, mask), 0.0, causal, defaultScale, false);
        } catch (Throwable e) {
            throw new IllegalStateException("libtorch scaled_dot_product_attention failed", e);
        }
        return wrap(result, q);
    }

    /**
     * One AdamW update of every parameter, in place, by PyTorch's fused kernel: with g the gradient divided by
     * {@code gradientDivisor} (null: 1; the kernel stores g back into the gradient) and t the value of {@code step}
     * (a float32 scalar, the same for every parameter),
     * <pre>
     *   p <- p (1 - lr wd);   m <- b1 m + (1 - b1) g;   v <- b2 v + (1 - b2) g^2
     *   p <- p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
     * </pre>
     * as torch.optim.AdamW(fused=True). Runs with autograd off, as Python's optimizers do (an in-place update of
     * a leaf that requires gradients is otherwise an error).
     */
    public void adamW(List<NDArray> parameters, List<NDArray> gradients, List<NDArray> firstMoments, List<NDArray> secondMoments,
                      NDArray step, double learningRate, double beta1, double beta2, double weightDecay, double epsilon,
                      NDArray gradientDivisor) {
        int n = parameters.size();
        if (gradients.size() != n || firstMoments.size() != n || secondMoments.size() != n) {
            throw new IllegalArgumentException("AdamW needs as many gradients and moments as parameters: " + n + ", " + gradients.size()
                    + ", " + firstMoments.size() + ", " + secondMoments.size());
        }
        for (int i = 0; i < n; i++) {
            NDArray p = parameters.get(i);
            requireFloat(p, "an AdamW parameter");
            for (NDArray other : List.of(gradients.get(i), firstMoments.get(i), secondMoments.get(i))) {
                requireSame(p, other, "AdamW state");
                if (!other.getShape().equals(p.getShape())) {
                    throw new IllegalArgumentException("AdamW state " + other.getShape() + " does not match its parameter " + p.getShape());
                }
            }
        }
        for (NDArray scalar : gradientDivisor == null ? List.of(step) : List.of(step, gradientDivisor)) {
            if (!(scalar instanceof PtNDArray) || scalar.getDataType() != DataType.FLOAT32 || scalar.size() != 1) {
                throw new IllegalArgumentException("AdamW's step and gradient divisor must be float32 scalars, got " + scalar.getDataType()
                        + " " + scalar.getShape());
            }
        }
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (Arena arena = Arena.ofConfined()) {
            adamW.invokeExact(tensorList(arena, parameters), tensorList(arena, gradients), tensorList(arena, firstMoments),
                    tensorList(arena, secondMoments), tensorList(arena, List.of()), tensorList(arena, Collections.nCopies(n, step)),
                    learningRate, beta1, beta2, weightDecay, epsilon, false, false, optionalTensor(arena, gradientDivisor),
                    optionalTensor(arena, null));
        } catch (Throwable e) {
            throw new IllegalStateException("libtorch _fused_adamw_ failed", e);
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /**
     * A {@code std::optional<at::Tensor>} holding a borrowed tensor (null: empty): the TensorImpl pointer without a
     * reference of its own. libtorch takes optionals by const reference and counts any copy it keeps; the NDArray's
     * handle keeps the tensor alive for the call.
     */
    private static MemorySegment optionalTensor(Arena arena, NDArray tensor) {
        MemorySegment optional = arena.allocate(OPTIONAL_TENSOR_BYTES);
        if (tensor != null) {
            optional.set(ValueLayout.JAVA_LONG, 0, impl(tensor));
            optional.set(ValueLayout.JAVA_BOOLEAN, 8, true);
        }
        return optional;
    }

    // a std::optional<double> (null: empty), passed by value
    private static MemorySegment optionalDouble(Arena arena, Double value) {
        MemorySegment optional = arena.allocate(OPTIONAL_DOUBLE);
        if (value != null) {
            optional.set(ValueLayout.JAVA_DOUBLE, 0, value);
            optional.set(ValueLayout.JAVA_BOOLEAN, 8, true);
        }
        return optional;
    }

    // a TensorList of borrowed tensors: their TensorImpl pointers side by side, as at::Tensor objects lie in an array
    private static MemorySegment tensorList(Arena arena, List<NDArray> tensors) {
        MemorySegment items = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, tensors.size()));
        for (int i = 0; i < tensors.size(); i++) {
            items.setAtIndex(ValueLayout.JAVA_LONG, i, impl(tensors.get(i)));
        }
        MemorySegment list = arena.allocate(ARRAY_REF);
        list.set(ValueLayout.ADDRESS, 0, items);
        list.set(ValueLayout.JAVA_LONG, 8, tensors.size());
        return list;
    }

    // the TensorImpl pointer inside an NDArray's heap at::Tensor
    private static long impl(NDArray array) {
        return tensor(array).reinterpret(TENSOR_BYTES).get(ValueLayout.JAVA_LONG, 0);
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

    // the dtype and device of the tensor it goes with (the query; the parameter)
    private static void requireSame(NDArray reference, NDArray other, String what) {
        if (!(other instanceof PtNDArray) || other.getDataType() != reference.getDataType() || !other.getDevice().equals(reference.getDevice())) {
            throw new IllegalArgumentException(what + " is " + other.getDataType() + " on " + other.getDevice() + ", not "
                    + reference.getDataType() + " on " + reference.getDevice() + " as the tensor it goes with");
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
