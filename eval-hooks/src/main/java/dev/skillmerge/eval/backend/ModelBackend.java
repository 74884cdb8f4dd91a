package dev.skillmerge.eval.backend;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.eval.hook.Generator;
import dev.skillmerge.eval.hook.LogProbScorer;
import dev.skillmerge.runtime.engine.DeviceChoice;
import dev.skillmerge.runtime.generate.EmbeddedGenerator;
import dev.skillmerge.runtime.generate.TextGenerator;
import dev.skillmerge.runtime.serve.OpenAiClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A model behind the eval ports, open for a run: the generator, the log-probabilities where the backend has
 * them (the embedded runtime does; an OpenAI-compatible server is only asked for text), and the runtime
 * object to close afterwards.
 */
public record ModelBackend(Generator generator, Optional<LogProbScorer> logProbs, TextGenerator runtime) implements AutoCloseable {
    /**
     * A Hugging Face model folder run in this process.
     *
     * @param threads   PyTorch threads (0: one per core)
     * @param batchSize sequences decoded together
     */
    public static ModelBackend embedded(Path folder, DeviceChoice device, int threads, int batchSize) throws UserInputException, IOException {
        EmbeddedGenerator model = EmbeddedGenerator.open(folder, device, threads, batchSize);
        return new ModelBackend(new RuntimeGenerator(model, "embedded:" + model.modelName()), Optional.of(new EmbeddedLogProbs(model)), model);
    }

    /**
     * A model behind an OpenAI-compatible server (API key from {@value OpenAiClient#API_KEY_VARIABLE}), asked
     * once here so that a wrong address fails now, in one line, rather than in every hook.
     *
     * @param model            the model name; empty takes the server's first
     * @param parallelRequests requests in flight at once
     */
    public static ModelBackend openAi(URI endpoint, Optional<String> model, int parallelRequests) throws UserInputException {
        OpenAiClient client = OpenAiClient.fromEnvironment(endpoint, model, parallelRequests);
        try {
            String name = client.modelName();
            client.contextLength();
            return new ModelBackend(new RuntimeGenerator(client, "openai:" + endpoint + " (model " + name + ")"), Optional.empty(), client);
        } catch (IllegalStateException e) {
            client.close();
            throw new UserInputException(e.getMessage());
        }
    }

    @Override
    public void close() {
        runtime.close();
    }
}
