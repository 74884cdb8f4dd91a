package dev.skillmerge.eval.hook;

import java.util.List;

/**
 * What a hook asks the model for one benchmark item: either a chat conversation (rendered with the model's
 * chat template) or a raw text to continue (base models, few-shot prompts), with the strings that end the
 * answer and a token budget. A generator must cut each output at the first stop string (not included).
 */
public sealed interface Prompt permits Prompt.Chat, Prompt.Text {
    List<String> stop();

    int maxTokens();

    /** The prompt as one string, for records and logs. */
    String render();

    /** A conversation; the model writes the next assistant turn. */
    record Chat(List<ChatMessage> messages, List<String> stop, int maxTokens) implements Prompt {
        public Chat {
            messages = List.copyOf(messages);
            stop = List.copyOf(stop);
        }

        @Override
        public String render() {
            if (messages.size() == 1) {
                return messages.getFirst().content();
            }
            StringBuilder s = new StringBuilder();
            for (ChatMessage m : messages) {
                s.append('[').append(m.role()).append("] ").append(m.content()).append('\n');
            }
            return s.toString();
        }
    }

    /** A raw text the model continues, with no chat template. */
    record Text(String text, List<String> stop, int maxTokens) implements Prompt {
        public Text {
            stop = List.copyOf(stop);
        }

        @Override
        public String render() {
            return text;
        }
    }

    static Prompt user(String content, int maxTokens) {
        return new Chat(List.of(ChatMessage.user(content)), List.of(), maxTokens);
    }

    /** Cuts {@code output} at the first of {@code stop}; generators that cannot stop early use this after the fact. */
    static String truncateAtStop(String output, List<String> stop) {
        int end = output.length();
        for (String s : stop) {
            int at = output.indexOf(s);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return output.substring(0, end);
    }
}
