package dev.skillmerge.runtime.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.runtime.engine.TorchEngine;
import dev.skillmerge.runtime.generate.Sampler;
import dev.skillmerge.runtime.model.BatchSession;
import dev.skillmerge.runtime.model.LlamaModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Decode speed of the embedded runtime: {@code batch} sequences decoded together (the path generation takes),
 * greedy, one token per row per step after a one-token prompt, timed after warm-up steps (the first steps pay
 * for PyTorch's lazy initialization).
 */
public final class DecodeBenchmark {
    private DecodeBenchmark() {
    }

    /**
     * @param tokens      tokens decoded in the timed steps, all rows together
     * @param weightBytes float32 bytes of the parameters as loaded: what each step reads
     */
    public record Result(int batch, int steps, int tokens, double seconds, long weightBytes, String dtypeOnDisk) {
        public double tokensPerSecond() {
            return tokens / seconds;
        }

        public double millisecondsPerStep() {
            return 1000 * seconds / steps;
        }
    }

    /** One sequence: {@code tokens} timed steps. */
    public static Result run(Path folder, int threads, int warmup, int tokens) throws UserInputException, IOException {
        return run(folder, threads, 1, warmup, tokens);
    }

    /** {@code batch} sequences (each starting from its own token) decoded together for {@code steps} timed steps. */
    public static Result run(Path folder, int threads, int batch, int warmup, int steps) throws UserInputException, IOException {
        TorchEngine.start(threads);
        try (NDManager manager = TorchEngine.get().newBaseManager(Device.cpu()); ModelFolder f = ModelFolder.open(folder);
             LlamaModel model = LlamaModel.load(f, manager, Progress.start("load", "tensors", f.tensors().size(), f.totalBytes()))) {
            String dtype = f.tensors().getFirst().dtype().toString();
            int capacity = Math.min(model.config().context(), 1 + warmup + steps);
            List<int[]> prompts = new ArrayList<>();
            for (int r = 0; r < batch; r++) {
                prompts.add(new int[] {(1 + r) % model.config().vocabSize()});
            }
            try (BatchSession session = new BatchSession(model, prompts, capacity)) {
                int[] next = new int[batch];
                for (int r = 0; r < batch; r++) {
                    next[r] = Sampler.argmax(session.promptLogits(r));
                }
                for (int i = 0; i < warmup && session.hasRoom(); i++) {
                    next = argmaxes(session.step(next));
                }
                int done = 0;
                long start = System.nanoTime();
                while (done < steps && session.hasRoom()) {
                    next = argmaxes(session.step(next));
                    done++;
                }
                return new Result(batch, done, done * batch, (System.nanoTime() - start) / 1e9, model.weights().byteSize(), dtype);
            }
        }
    }

    private static int[] argmaxes(float[][] logits) {
        int[] out = new int[logits.length];
        for (int r = 0; r < logits.length; r++) {
            out[r] = Sampler.argmax(logits[r]);
        }
        return out;
    }
}
