package dev.skillmerge.runtime.generate;

/** A generated continuation, why it ended, and the token counts (OpenAI's usage). */
public record Completion(String text, FinishReason finishReason, int promptTokens, int completionTokens) {
    public enum FinishReason {
        /** The model emitted an end-of-sequence token, or a stop string appeared. */
        STOP,
        /** max tokens, or the model's context, was reached. */
        LENGTH;

        /** The name OpenAI's API uses: "stop" or "length". */
        public String apiName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
