package dev.skillmerge.eval.backend;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.eval.hook.ChatMessage;
import dev.skillmerge.eval.hook.Generator;
import dev.skillmerge.eval.hook.Prompt;
import dev.skillmerge.eval.hook.SamplingOptions;
import dev.skillmerge.runtime.generate.Completion;
import dev.skillmerge.runtime.generate.GenerationRequest;
import dev.skillmerge.runtime.generate.SamplerKind;
import dev.skillmerge.runtime.generate.SamplingSettings;
import dev.skillmerge.runtime.generate.TextGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The generation port over the runtime's {@link TextGenerator}: the embedded model or an OpenAI-compatible
 * server. All the prompts of a call go to the backend as one list, which the embedded runtime decodes in
 * batches and the client sends as parallel requests.
 * <ul>
 *   <li>Greedy decoding generates each prompt once: every sample would be the same.</li>
 *   <li>Sampling gives sample s of a prompt its own seed, made from the run's seed, the prompt and s, so an
 *   output depends neither on the batch it was generated in nor on which items a resumed run still had to do.</li>
 *   <li>When the backend says its context length, a prompt keeps only its last
 *   context - min(max tokens, context / 2) tokens, as lm-evaluation-harness cuts prompts from the left to leave
 *   room to answer: GSM8K's 8-shot prompt is longer than a tiny model's whole context.</li>
 * </ul>
 */
public final class RuntimeGenerator implements Generator {
    private final TextGenerator backend;
    private final String description;

    public RuntimeGenerator(TextGenerator backend, String description) {
        this.backend = backend;
        this.description = description;
    }

    @Override
    public List<List<String>> complete(List<Prompt> prompts, SamplingOptions options) throws IOException {
        int runs = options.isGreedy() ? 1 : options.samples();
        OptionalInt context = contextLength();
        List<GenerationRequest> requests = new ArrayList<>(prompts.size() * runs);
        for (Prompt p : prompts) {
            for (int s = 0; s < runs; s++) {
                requests.add(new GenerationRequest(prompt(p), settings(p, s, options), truncation(p, context)));
            }
        }
        List<Completion> completions;
        try {
            completions = backend.generate(requests);
        } catch (UserInputException e) {
            throw new IOException(e.getMessage(), e);
        }
        List<List<String>> out = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            List<String> samples = new ArrayList<>(options.samples());
            for (int s = 0; s < options.samples(); s++) {
                String text = completions.get(i * runs + (options.isGreedy() ? 0 : s)).text();
                // the backends stop at the stop strings already; a server that ignores "stop" is cut here
                samples.add(Prompt.truncateAtStop(text, prompts.get(i).stop()));
            }
            out.add(samples);
        }
        return out;
    }

    private OptionalInt contextLength() throws IOException {
        try {
            return backend.contextLength();
        } catch (IllegalStateException e) {
            // the OpenAI client reports an unreachable server this way from its lazily fetched /v1/models
            throw new IOException(e.getMessage(), e);
        }
    }

    static dev.skillmerge.runtime.generate.Prompt prompt(Prompt p) {
        return switch (p) {
            case Prompt.Text text -> new dev.skillmerge.runtime.generate.Prompt.Text(text.text());
            case Prompt.Chat chat -> new dev.skillmerge.runtime.generate.Prompt.Chat(chat.messages().stream().map(RuntimeGenerator::message).toList());
        };
    }

    static dev.skillmerge.runtime.chat.ChatMessage message(ChatMessage m) {
        return new dev.skillmerge.runtime.chat.ChatMessage(m.role(), m.content());
    }

    static SamplingSettings settings(Prompt p, int sample, SamplingOptions options) {
        return new SamplingSettings(p.maxTokens(), options.temperature(), options.topP(), seed(options.seed(), p, sample), SamplerKind.DEFAULT, p.stop());
    }

    /** The prompts's own tokens to keep: what leaves min(max tokens, context / 2) positions to answer in. */
    static OptionalInt truncation(Prompt p, OptionalInt context) {
        if (context.isEmpty()) {
            return OptionalInt.empty();
        }
        int c = context.getAsInt();
        return OptionalInt.of(Math.max(1, c - Math.min(p.maxTokens(), c / 2)));
    }

    /** A seed that depends only on the run's seed, the prompt's text and the sample index (SplitMix64's finalizer mixes them). */
    static long seed(long runSeed, Prompt p, int sample) {
        long z = runSeed * 0x9E3779B97F4A7C15L + p.render().hashCode();
        z = mix(z) + sample;
        return mix(z);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String describe() {
        return description;
    }
}
