package dev.skillmerge.runtime.generate;

import java.util.OptionalInt;

/**
 * One completion to produce: the prompt and how to sample it.
 *
 * @param truncatePromptTokens when present (k), only the prompt's last k tokens are used, as vLLM's
 *                             {@code truncate_prompt_tokens} does: how an evaluation fits a long few-shot
 *                             prompt into a small model's context. Absent, a prompt that does not fit is an error.
 */
public record GenerationRequest(Prompt prompt, SamplingSettings sampling, OptionalInt truncatePromptTokens) {
    public GenerationRequest {
        if (truncatePromptTokens.isPresent() && truncatePromptTokens.getAsInt() < 1) {
            throw new IllegalArgumentException("truncate_prompt_tokens must be at least 1, not " + truncatePromptTokens.getAsInt());
        }
    }

    public GenerationRequest(Prompt prompt, SamplingSettings sampling) {
        this(prompt, sampling, OptionalInt.empty());
    }
}
