package dev.skillmerge.runtime.generate;

import dev.skillmerge.runtime.chat.ChatMessage;
import java.util.List;

/** What to complete: raw text, or a conversation that the model's chat template turns into text. */
public sealed interface Prompt {
    record Text(String text) implements Prompt {
    }

    record Chat(List<ChatMessage> messages) implements Prompt {
        public Chat {
            messages = List.copyOf(messages);
            if (messages.isEmpty()) {
                throw new IllegalArgumentException("a chat prompt needs at least one message");
            }
        }
    }
}
