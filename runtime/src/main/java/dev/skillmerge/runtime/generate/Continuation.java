package dev.skillmerge.runtime.generate;

import dev.skillmerge.runtime.tokenizer.TextTokenizer;
import java.util.function.Consumer;

/**
 * One completion being generated: it samples each next token from the logits it is offered, and ends at an
 * end token, at a stop string (cut off), after max tokens, or when the model's context is full. What a
 * completion is does not depend on the batch it runs in: each has its own sampler (its own seed) and its
 * own stop strings.
 */
final class Continuation {
    private final int promptTokens;
    private final int context;
    private final SamplingSettings settings;
    private final Sampler sampler;
    private final StopStrings stops;
    private final EndTokens endTokens;
    private final IncrementalText text;
    private final Consumer<String> onText;
    private int generated;
    private int lastToken = -1;
    private String emitted = "";
    private Completion completion;

    /** @param onText null when nobody streams: the text is then decoded only where stop strings need it, and at the end */
    Continuation(int[] prompt, int context, SamplingSettings settings, TextTokenizer tokenizer, EndTokens endTokens, Consumer<String> onText) {
        this.promptTokens = prompt.length;
        this.context = context;
        this.settings = settings;
        this.sampler = Sampler.of(settings);
        this.stops = new StopStrings(settings.stop());
        this.endTokens = endTokens;
        this.text = new IncrementalText(tokenizer, prompt);
        this.onText = onText;
    }

    /** The most tokens that will be fed back to the model after the prompt (the last sampled token never is). */
    int maxFedTokens() {
        return Math.max(0, Math.min(settings.maxTokens(), context - promptTokens + 1) - 1);
    }

    /** Samples the next token from {@code logits}; true when the completion has ended. */
    boolean offer(float[] logits) {
        int next = sampler.next(logits);
        if (endTokens.contains(next)) {
            return finish(text.text(), Completion.FinishReason.STOP);
        }
        text.add(next);
        generated++;
        lastToken = next;
        if (onText != null || !settings.stop().isEmpty()) {
            String sofar = text.text();
            int stopAt = stops.firstMatch(sofar);
            if (stopAt >= 0) {
                return finish(sofar.substring(0, stopAt), Completion.FinishReason.STOP);
            }
            emit(stops.safePrefix(sofar));
        }
        // the token just sampled would sit at position promptTokens + generated - 1: past the context, it cannot be fed
        if (generated == settings.maxTokens() || promptTokens + generated - 1 == context) {
            return finish(text.text(), Completion.FinishReason.LENGTH);
        }
        return false;
    }

    /** The token to feed next: the one sampled last. */
    int lastToken() {
        return lastToken;
    }

    Completion completion() {
        if (completion == null) {
            throw new IllegalStateException("the completion has not ended");
        }
        return completion;
    }

    private boolean finish(String finalText, Completion.FinishReason reason) {
        emit(finalText);
        completion = new Completion(finalText, reason, promptTokens, generated);
        return true;
    }

    /** Hands on what {@code sofar} adds to what was already emitted, holding back an unfinished character. */
    private void emit(String sofar) {
        if (onText == null) {
            return;
        }
        String ready = sofar.endsWith("\uFFFD") ? sofar.substring(0, sofar.length() - 1) : sofar;
        if (ready.length() > emitted.length() && ready.startsWith(emitted)) {
            onText.accept(ready.substring(emitted.length()));
            emitted = ready;
        }
    }
}
