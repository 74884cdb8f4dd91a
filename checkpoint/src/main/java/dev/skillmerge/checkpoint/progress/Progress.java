package dev.skillmerge.checkpoint.progress;

import dev.skillmerge.checkpoint.ByteSize;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of long work on stderr: items done, bytes per second and time left. On a terminal one line
 * is redrawn every second; otherwise (a log file, CI) a line is printed every ten seconds. A final line
 * sums up. Thread-safe: workers call {@link #advance} from any thread.
 */
public final class Progress implements AutoCloseable {
    private final String label;
    private final String unit;
    private final long totalItems;
    private final long totalBytes;
    private final PrintStream out;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final ScheduledExecutorService ticker;
    private volatile boolean closed;

    private Progress(String label, String unit, long totalItems, long totalBytes, PrintStream out, boolean enabled) {
        this.label = label;
        this.unit = unit;
        this.totalItems = totalItems;
        this.totalBytes = totalBytes;
        this.out = out;
        this.terminal = System.console() != null;
        if (enabled) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "progress");
                t.setDaemon(true);
                return t;
            });
            long period = terminal ? 1 : 10;
            ticker.scheduleAtFixedRate(this::print, period, period, TimeUnit.SECONDS);
        } else {
            ticker = null;
        }
    }

    /** Progress over {@code totalItems} items (named {@code unit}, e.g. "tensors") holding {@code totalBytes} bytes. */
    public static Progress start(String label, String unit, long totalItems, long totalBytes) {
        return new Progress(label, unit, totalItems, totalBytes, System.err, !ProgressSettings.quiet());
    }

    /** A progress that prints nothing: for library callers and tests. */
    public static Progress silent(long totalItems, long totalBytes) {
        return new Progress("", "items", totalItems, totalBytes, System.err, false);
    }

    public void advance(long itemsDone, long bytesDone) {
        items.addAndGet(itemsDone);
        bytes.addAndGet(bytesDone);
    }

    public long itemsDone() {
        return items.get();
    }

    public long bytesDone() {
        return bytes.get();
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private synchronized void print() {
        if (closed) {
            return;
        }
        String line = line(false);
        if (terminal) {
            out.print("\r" + line + "   ");
        } else {
            out.println(line);
        }
        out.flush();
    }

    private String line(boolean done) {
        double seconds = Math.max(elapsedSeconds(), 1e-9);
        long b = bytes.get();
        double rate = b / seconds;
        StringBuilder s = new StringBuilder(label).append(": ").append(items.get());
        if (totalItems > 0) {
            s.append('/').append(totalItems);
        }
        s.append(' ').append(unit);
        if (totalBytes > 0 || b > 0) {
            s.append(", ").append(ByteSize.format(b)).append(" at ").append(ByteSize.format(rate)).append("/s");
        }
        if (done) {
            s.append(String.format(Locale.ROOT, " in %.1f s", seconds));
        } else if (totalBytes > 0 && b > 0) {
            s.append(String.format(Locale.ROOT, ", %s left", duration((totalBytes - b) / rate)));
        } else if (totalItems > 0 && items.get() > 0) {
            s.append(String.format(Locale.ROOT, ", %s left", duration((totalItems - items.get()) * seconds / items.get())));
        }
        return s.toString();
    }

    private static String duration(double seconds) {
        long s = Math.round(Math.max(seconds, 0));
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    /** Stops the ticker and prints the summary line. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ticker != null) {
            ticker.shutdownNow();
            out.println((terminal ? "\r" : "") + line(true) + "   ");
            out.flush();
        }
    }
}
