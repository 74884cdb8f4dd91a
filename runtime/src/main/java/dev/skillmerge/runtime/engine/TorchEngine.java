package dev.skillmerge.runtime.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.skillmerge.checkpoint.UserInputException;
import java.nio.file.Path;

/**
 * DJL's PyTorch engine, configured once per JVM before its first use: offline (the natives come from the
 * pytorch-native jar on the class path, never from the network), natives unpacked into a stable cache
 * folder, and a fixed number of intra-op threads.
 */
public final class TorchEngine {
    /** Where DJL unpacks the PyTorch and tokenizers natives: {@code ~/.cache/skillmerge/djl} unless DJL_CACHE_DIR is set. */
    public static final Path DEFAULT_CACHE = Path.of(System.getProperty("user.home"), ".cache", "skillmerge", "djl");

    private static Engine engine;

    private TorchEngine() {
    }

    /**
     * The engine, started with {@code threads} intra-op threads (0: PyTorch's default, one per core).
     * The thread count is fixed by the first call: PyTorch reads it once per process.
     */
    public static synchronized Engine start(int threads) {
        if (engine == null) {
            configureNatives();
            if (threads > 0) {
                setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(threads));
            }
            // one inter-op thread: the forward pass issues one op at a time, and on few cores extra pools only
            // compete with the intra-op workers
            setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
            engine = Engine.getEngine("PyTorch");
        }
        return engine;
    }

    /**
     * Offline mode and the natives cache folder, for DJL's PyTorch engine and its tokenizers library alike;
     * must run before either loads its native library.
     */
    public static void configureNatives() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("DJL_CACHE_DIR", cacheDir().toString());
    }

    /** The engine with its default thread count. */
    public static Engine get() {
        return start(0);
    }

    /** The device for a choice: the first GPU when asked for (or, on auto, when there is one), else the CPU. */
    public static Device device(DeviceChoice choice) throws UserInputException {
        Engine e = get();
        return switch (choice) {
            case CPU -> Device.cpu();
            case GPU -> {
                if (e.getGpuCount() == 0) {
                    throw new UserInputException("--device gpu: PyTorch sees no GPU; build with -Pgpu (docs/design.md, Runtime)"
                            + " on a machine with CUDA 12.4, or use --device cpu");
                }
                yield Device.gpu();
            }
            case AUTO -> e.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        };
    }

    private static Path cacheDir() {
        String env = System.getenv("DJL_CACHE_DIR");
        return env != null && !env.isBlank() ? Path.of(env) : DEFAULT_CACHE;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
