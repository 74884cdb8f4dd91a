package dev.skillmerge.checkpoint.stream;

import dev.skillmerge.checkpoint.UserInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one job per tensor on a fixed number of threads (the user's {@code --threads}). Jobs are
 * independent, so results never depend on the thread count; the first failure cancels the rest and is
 * rethrown as it was thrown.
 */
public final class TensorJobs {
    @FunctionalInterface
    public interface Job<T> {
        void run(T item) throws IOException, UserInputException;
    }

    private TensorJobs() {
    }

    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    public static <T> void forEach(List<T> items, int threads, Job<T> job) throws IOException, UserInputException {
        if (threads <= 1 || items.size() <= 1) {
            for (T item : items) {
                job.run(item);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()), r -> {
            Thread t = new Thread(r, "tensor-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> {
                    job.run(item);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    futures.forEach(other -> other.cancel(true));
                    rethrow(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void rethrow(Throwable cause) throws IOException, UserInputException {
        switch (cause) {
            case IOException e -> throw e;
            case UserInputException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException(cause);
        }
    }
}
