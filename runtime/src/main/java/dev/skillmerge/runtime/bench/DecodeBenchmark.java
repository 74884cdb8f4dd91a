package dev.skillmerge.runtime.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.runtime.engine.TorchEngine;
import dev.skillmerge.runtime.generate.Sampler;
import dev.skillmerge.runtime.model.InferenceSession;
import dev.skillmerge.runtime.model.LlamaModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Decode speed of the embedded runtime: one sequence, greedy, one token per step after a one-token
 * prompt, timed after warm-up steps (the first steps pay for PyTorch's lazy initialization).
 */
public final class DecodeBenchmark {
    private DecodeBenchmark() {
    }

    /**
     * @param weightBytes float32 bytes of the parameters as loaded: what each step reads
     */
    public record Result(int tokens, double seconds, long weightBytes, String dtypeOnDisk) {
        public double tokensPerSecond() {
            return tokens / seconds;
        }
    }

    public static Result run(Path folder, int threads, int warmup, int tokens) throws UserInputException, IOException {
        TorchEngine.start(threads);
        try (NDManager manager = TorchEngine.get().newBaseManager(Device.cpu()); ModelFolder f = ModelFolder.open(folder);
             LlamaModel model = LlamaModel.load(f, manager, Progress.start("load", "tensors", f.tensors().size(), f.totalBytes()))) {
            String dtype = f.tensors().getFirst().dtype().toString();
            int capacity = Math.min(model.config().context(), 1 + warmup + tokens);
            try (InferenceSession session = new InferenceSession(model, capacity)) {
                float[] logits = session.feed(1);
                for (int i = 0; i < warmup && session.position() < capacity; i++) {
                    logits = session.feed(Sampler.argmax(logits));
                }
                int done = 0;
                long start = System.nanoTime();
                while (done < tokens && session.position() < capacity) {
                    logits = session.feed(Sampler.argmax(logits));
                    done++;
                }
                return new Result(done, (System.nanoTime() - start) / 1e9, model.weights().byteSize(), dtype);
            }
        }
    }
}
