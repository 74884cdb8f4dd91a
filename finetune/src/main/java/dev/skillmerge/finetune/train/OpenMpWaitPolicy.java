package dev.skillmerge.finetune.train;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Makes PyTorch's OpenMP workers sleep between parallel regions instead of spinning (OMP_WAIT_POLICY=PASSIVE),
 * unless the user set a policy. With GNU OpenMP's default a waiting worker spins for a while; on a
 * machine with as many busy processes as cores (a laptop running a build, a shared CI runner) the spinning
 * workers are descheduled mid-region and every parallel op waits for them: two threads trained the
 * d_model 128 benchmark shape at 719 tokens/s with spinning against 7,496 with sleeping workers, under a
 * load average of 6 on 2 cores (docs/benchmarks.md). The variable must be in the process environment
 * before libgomp loads with the PyTorch natives, so this sets it with the C library's setenv and only helps
 * when called before the engine starts; later it is a no-op.
 */
public final class OpenMpWaitPolicy {
    private OpenMpWaitPolicy() {
    }

    /** Sets OMP_WAIT_POLICY=PASSIVE in this process unless the environment already has a policy. */
    public static synchronized void passiveUnlessSet() {
        if (System.getenv("OMP_WAIT_POLICY") != null || System.getenv("GOMP_SPINCOUNT") != null) {
            return;
        }
        Linker linker = Linker.nativeLinker();
        Optional<MemorySegment> setenv = linker.defaultLookup().find("setenv");
        if (setenv.isEmpty()) {
            return;
        }
        MethodHandle call = linker.downcallHandle(setenv.get(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) call.invokeExact(arena.allocateFrom("OMP_WAIT_POLICY"), arena.allocateFrom("PASSIVE"), 0);
        } catch (Throwable e) {
            // the default policy stays; only speed is at stake
        }
    }
}
