package dev.skillmerge.checkpoint.safetensors;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Asks the kernel to start writing a file's freshly written bytes to disk now (Linux
 * {@code sync_file_range(SYNC_FILE_RANGE_WRITE)}), instead of leaving them dirty in the page cache until
 * the fsync before an output folder is moved into place: the disk then works while the next chunks are
 * computed, and the fsync only waits for the tail. A hint only: where the call is missing or fails, the
 * fsync does all the work, as before.
 */
final class EarlyWriteback implements AutoCloseable {
    private static final int O_WRONLY = 1;
    private static final int SYNC_FILE_RANGE_WRITE = 2;
    private static final Optional<Calls> CALLS = Calls.find();

    private final int fd;

    private EarlyWriteback(int fd) {
        this.fd = fd;
    }

    /** A handle on {@code file} for hints; inert when the platform has no sync_file_range. */
    static EarlyWriteback of(Path file) {
        if (CALLS.isEmpty()) {
            return new EarlyWriteback(-1);
        }
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) CALLS.get().open.invokeExact(arena.allocateFrom(file.toString()), O_WRONLY);
            return new EarlyWriteback(fd);
        } catch (Throwable e) {
            return new EarlyWriteback(-1);
        }
    }

    /** Starts writeback of bytes [offset, offset + length) without waiting for it. */
    void start(long offset, long length) {
        if (fd < 0 || length <= 0) {
            return;
        }
        try {
            int ignored = (int) CALLS.get().syncFileRange.invokeExact(fd, offset, length, SYNC_FILE_RANGE_WRITE);
        } catch (Throwable e) {
            // a hint: the fsync at commit still writes everything
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            try {
                int ignored = (int) CALLS.get().close.invokeExact(fd);
            } catch (Throwable e) {
                // nothing was opened for writing through this descriptor's data
            }
        }
    }

    private record Calls(MethodHandle open, MethodHandle syncFileRange, MethodHandle close) {
        static Optional<Calls> find() {
            try {
                Linker linker = Linker.nativeLinker();
                var libc = linker.defaultLookup();
                var sync = libc.find("sync_file_range");
                var open = libc.find("open");
                var close = libc.find("close");
                if (sync.isEmpty() || open.isEmpty() || close.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new Calls(
                        linker.downcallHandle(open.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                                Linker.Option.firstVariadicArg(2)),
                        linker.downcallHandle(sync.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                                ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT)),
                        linker.downcallHandle(close.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT))));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }
}
