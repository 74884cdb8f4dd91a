package dev.skillmerge.finetune.data;

import dev.skillmerge.runtime.chat.ChatMessage;
import java.util.List;

/** One validated line of a training file: a conversation (chat data) or a document (plain text). */
public sealed interface Sample {
    Source source();

    /** {"messages": [{"role": ..., "content": ...}, ...]}: the model learns the assistant turns only. */
    record Conversation(List<ChatMessage> messages, Source source) implements Sample {
        public Conversation {
            messages = List.copyOf(messages);
        }
    }

    /** {"text": ...}: the model learns every token, as in pre-training. */
    record Document(String text, Source source) implements Sample {
    }
}
