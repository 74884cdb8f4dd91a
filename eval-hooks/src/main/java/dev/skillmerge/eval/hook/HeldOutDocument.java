package dev.skillmerge.eval.hook;

import java.util.List;

/**
 * A held-out document whose likelihood a model is asked for. For a plain text every token counts; for a
 * conversation only the tokens of assistant turns count (the chat template's own tokens and the user turns
 * are context), the usual convention for chat fine-tuning losses.
 */
public sealed interface HeldOutDocument permits HeldOutDocument.PlainText, HeldOutDocument.Conversation {
    String id();

    /** The document as one string, for records. */
    String render();

    record PlainText(String id, String text) implements HeldOutDocument {
        @Override
        public String render() {
            return text;
        }
    }

    record Conversation(String id, List<ChatMessage> messages) implements HeldOutDocument {
        public Conversation {
            messages = List.copyOf(messages);
        }

        @Override
        public String render() {
            return new Prompt.Chat(messages, List.of(), 0).render();
        }
    }
}
