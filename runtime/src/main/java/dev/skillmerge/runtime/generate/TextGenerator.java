package dev.skillmerge.runtime.generate;

import dev.skillmerge.checkpoint.UserInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Something that completes prompts: the embedded runtime ({@link EmbeddedGenerator}) or any
 * OpenAI-compatible server (vLLM, TGI, llama.cpp, {@code skillmerge serve}) through
 * {@code serve.OpenAiClient}. Eval hooks are written against this interface and run on either.
 */
public interface TextGenerator extends AutoCloseable {
    /** The model's name, as a server reports it in /v1/models. */
    String modelName();

    /** How many positions (prompt and completion together) the model reads, where the backend says. */
    default OptionalInt contextLength() {
        return OptionalInt.empty();
    }

    /** One completion, its text handed to {@code onText} piece by piece as it is generated (where the backend streams). */
    Completion generate(GenerationRequest request, Consumer<String> onText) throws UserInputException, IOException;

    default Completion generate(GenerationRequest request) throws UserInputException, IOException {
        return generate(request, text -> {
        });
    }

    /** Completions for every request, in order. */
    default List<Completion> generate(List<GenerationRequest> requests) throws UserInputException, IOException {
        List<Completion> out = new ArrayList<>(requests.size());
        for (GenerationRequest r : requests) {
            out.add(generate(r));
        }
        return out;
    }

    @Override
    void close();
}
