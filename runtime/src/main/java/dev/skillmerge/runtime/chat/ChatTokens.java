package dev.skillmerge.runtime.chat;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.runtime.tokenizer.TextTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A conversation as the model reads it, with the tokens of the assistant's turns marked: the convention that
 * fine-tuning learns from and held-out loss scores. The conversation is rendered whole by the chat template
 * (as generation renders a prompt); each assistant turn owns the characters it adds to the rendering, its
 * content and the end-of-turn text the template writes (Tulu's {@code </s>}), found by rendering the turns up
 * to it with the generation prompt and with the reply. A token is the assistant's when it starts inside such
 * a span; the first token never is, since nothing precedes it.
 */
public record ChatTokens(int[] ids, boolean[] assistant) {
    public static ChatTokens of(ChatTemplate template, TextTokenizer tokenizer, List<ChatMessage> messages) throws UserInputException {
        String full = template.render(messages, false);
        List<int[]> spans = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (!messages.get(i).role().equals("assistant")) {
                continue;
            }
            String prompt = template.render(messages.subList(0, i), true);
            String withReply = template.render(messages.subList(0, i + 1), false);
            if (!withReply.startsWith(prompt) || !full.startsWith(withReply)) {
                throw new UserInputException("the chat template (" + template.name() + ") does not render this conversation's turns as"
                        + " prefixes of the whole, so assistant turn " + (i + 1) + " cannot be located");
            }
            spans.add(new int[] {prompt.length(), withReply.length()});
        }
        TextTokenizer.Encoded encoded = tokenizer.encodeWithOffsets(full, !template.includesSpecialTokens());
        boolean[] assistant = new boolean[encoded.ids().length];
        for (int t = 1; t < assistant.length; t++) {
            int start = encoded.charStarts()[t];
            for (int[] span : spans) {
                assistant[t] |= start >= span[0] && start < span[1];
            }
        }
        return new ChatTokens(encoded.ids(), assistant);
    }

    /** How many tokens are the assistant's. */
    public int assistantCount() {
        int n = 0;
        for (boolean a : assistant) {
            n += a ? 1 : 0;
        }
        return n;
    }
}
