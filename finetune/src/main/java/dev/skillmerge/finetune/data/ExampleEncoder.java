package dev.skillmerge.finetune.data;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.runtime.chat.ChatMessage;
import dev.skillmerge.runtime.chat.ChatTemplate;
import dev.skillmerge.runtime.tokenizer.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns samples into token sequences with their loss masks, the way the model will see them at inference.
 * <ul>
 *   <li>A conversation is rendered whole with the chat template; the loss covers the characters each
 *   assistant turn adds (its content and the end-of-turn text the template writes, e.g. Tulu's
 *   {@code </s>}), found by rendering the conversation up to that turn with and without the reply, and each
 *   token is learned when it starts inside such a span. Prompts, system text and user turns are context only.</li>
 *   <li>A document is tokenized with the tokenizer's special tokens and EOS appended, every token learned. A
 *   document longer than the sequence length is cut into consecutive windows overlapping by one token, so
 *   every token is predicted exactly once, as pre-training cuts its stream.</li>
 * </ul>
 */
public final class ExampleEncoder {
    private final TextTokenizer tokenizer;
    private final ChatTemplate template;
    private final OptionalInt eos;
    private final int maxLength;
    private final LongExamples longExamples;

    /**
     * @param eos       appended to documents so the model learns where text ends (empty: the tokenizer has none)
     * @param maxLength the most positions one example may span (the model reads n - 1 of n tokens)
     */
    public ExampleEncoder(TextTokenizer tokenizer, ChatTemplate template, OptionalInt eos, int maxLength, LongExamples longExamples) {
        this.tokenizer = tokenizer;
        this.template = template;
        this.eos = eos;
        this.maxLength = maxLength;
        this.longExamples = longExamples;
    }

    public int maxLength() {
        return maxLength;
    }

    /** The examples of one sample: one per conversation (none when skipped as too long), one or more per document. */
    public List<Example> encode(Sample sample) throws UserInputException {
        return switch (sample) {
            case Sample.Conversation c -> conversation(c).map(List::of).orElse(List.of());
            case Sample.Document d -> document(d);
        };
    }

    private Optional<Example> conversation(Sample.Conversation c) throws UserInputException {
        List<ChatMessage> messages = c.messages();
        String full;
        List<int[]> spans = new ArrayList<>();
        try {
            full = template.render(messages, false);
            for (int i = 0; i < messages.size(); i++) {
                if (!messages.get(i).role().equals("assistant")) {
                    continue;
                }
                String prompt = template.render(messages.subList(0, i), true);
                String withReply = template.render(messages.subList(0, i + 1), false);
                if (!withReply.startsWith(prompt) || !full.startsWith(withReply)) {
                    throw new UserInputException(c.source() + ": the chat template (" + template.name() + ") does not render this"
                            + " conversation's turns as prefixes of the whole, so assistant turn " + (i + 1) + " cannot be located");
                }
                spans.add(new int[] {prompt.length(), withReply.length()});
            }
        } catch (UserInputException e) {
            throw e.getMessage().startsWith(c.source().toString()) ? e : new UserInputException(c.source() + ": " + e.getMessage());
        }
        TextTokenizer.Encoded encoded = tokenizer.encodeWithOffsets(full, !template.includesSpecialTokens());
        int[] ids = encoded.ids();
        boolean[] trained = new boolean[ids.length];
        int learned = 0;
        for (int t = 1; t < ids.length; t++) {
            int start = encoded.charStarts()[t];
            for (int[] span : spans) {
                if (start >= span[0] && start < span[1]) {
                    trained[t] = true;
                    learned++;
                    break;
                }
            }
        }
        if (learned == 0) {
            throw new UserInputException(c.source() + ": no token of the assistant's turns survives tokenization");
        }
        if (ids.length - 1 > maxLength) {
            if (longExamples == LongExamples.SKIP) {
                return Optional.empty();
            }
            throw new UserInputException(c.source() + ": " + ids.length + " tokens, longer than the " + (maxLength + 1)
                    + " that --max-seq-len " + maxLength + " allows; raise it, or pass --skip-long to leave such examples out");
        }
        return Optional.of(new Example(ids, trained, c.source()));
    }

    private List<Example> document(Sample.Document d) throws UserInputException {
        int[] encoded = tokenizer.encode(d.text(), true);
        int[] ids = encoded;
        if (eos.isPresent() && (ids.length == 0 || ids[ids.length - 1] != eos.getAsInt())) {
            ids = Arrays.copyOf(encoded, encoded.length + 1);
            ids[encoded.length] = eos.getAsInt();
        }
        if (ids.length < 2) {
            throw new UserInputException(d.source() + ": the text is a single token; there is nothing to predict");
        }
        List<Example> windows = new ArrayList<>();
        for (int from = 0; from < ids.length - 1; from += maxLength) {
            int to = Math.min(ids.length, from + maxLength + 1);
            boolean[] trained = new boolean[to - from];
            Arrays.fill(trained, 1, trained.length, true);
            windows.add(new Example(Arrays.copyOfRange(ids, from, to), trained, d.source()));
        }
        return windows;
    }
}
