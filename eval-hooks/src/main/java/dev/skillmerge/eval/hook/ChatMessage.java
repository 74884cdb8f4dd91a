package dev.skillmerge.eval.hook;

/** One turn of a chat: {@code role} is "system", "user" or "assistant", as in the OpenAI chat API. */
public record ChatMessage(String role, String content) {
    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }
}
