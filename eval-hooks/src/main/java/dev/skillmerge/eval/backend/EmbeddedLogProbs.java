package dev.skillmerge.eval.backend;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.eval.hook.HeldOutDocument;
import dev.skillmerge.eval.hook.LogLikelihood;
import dev.skillmerge.eval.hook.LogProbScorer;
import dev.skillmerge.runtime.chat.ChatTokens;
import dev.skillmerge.runtime.generate.EmbeddedGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The log-probability port over the embedded model, by teacher forcing: a plain text is encoded as generation
 * encodes a text prompt (with the tokenizer's BOS) and every token after the first counts; a conversation is
 * rendered by the model's chat template and only the assistant's tokens count ({@link ChatTokens}, the same
 * convention fine-tuning learns from).
 */
public final class EmbeddedLogProbs implements LogProbScorer {
    private final EmbeddedGenerator model;

    public EmbeddedLogProbs(EmbeddedGenerator model) {
        this.model = model;
    }

    @Override
    public List<LogLikelihood> score(List<HeldOutDocument> documents) throws IOException {
        List<LogLikelihood> out = new ArrayList<>(documents.size());
        for (HeldOutDocument d : documents) {
            ChatTokens tokens = tokens(d);
            double[] logProbs = model.logProbs(tokens.ids());
            double sum = 0;
            long counted = 0;
            for (int i = 1; i < tokens.ids().length; i++) {
                if (tokens.assistant()[i]) {
                    sum += logProbs[i - 1];
                    counted++;
                }
            }
            out.add(new LogLikelihood(sum, counted));
        }
        return out;
    }

    private ChatTokens tokens(HeldOutDocument d) throws IOException {
        return switch (d) {
            case HeldOutDocument.PlainText text -> {
                int[] ids = model.tokenizer().encode(text.text(), true);
                boolean[] counted = new boolean[ids.length];
                java.util.Arrays.fill(counted, Math.min(1, ids.length), ids.length, true);
                yield new ChatTokens(ids, counted);
            }
            case HeldOutDocument.Conversation chat -> {
                try {
                    yield ChatTokens.of(model.chatTemplate(), model.tokenizer(), chat.messages().stream().map(RuntimeGenerator::message).toList());
                } catch (UserInputException e) {
                    throw new IOException("document " + chat.id() + ": " + e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public String describe() {
        return "embedded:" + model.modelName();
    }
}
