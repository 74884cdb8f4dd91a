package dev.skillmerge.eval.general;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.eval.data.JsonLine;
import dev.skillmerge.eval.data.Jsonl;
import dev.skillmerge.eval.hook.ChatMessage;
import dev.skillmerge.eval.hook.HeldOutDocument;
import dev.skillmerge.eval.hook.HookData;
import dev.skillmerge.eval.hook.LikelihoodHook;
import dev.skillmerge.eval.hook.LogLikelihood;
import dev.skillmerge.eval.hook.Metrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Held-out loss and perplexity on a JSONL file of documents: {"text": ...} for plain text, or
 * {"messages": [{"role", "content"}, ...]} for chat, where only assistant turns count. Needs the model's
 * log-probabilities (a {@link dev.skillmerge.eval.hook.LogProbScorer}, or "logprob_sum"/"tokens" in a
 * responses file). There is no bundled default: the point is the user's own held-out data.
 */
public final class PerplexityHook implements LikelihoodHook {
    private static final Set<String> ROLES = Set.of("system", "user", "assistant");

    @Override
    public String name() {
        return "perplexity";
    }

    @Override
    public String description() {
        return "held-out loss and perplexity on a text or chat JSONL file (--data), from the model's log-probabilities";
    }

    @Override
    public List<HeldOutDocument> load(HookData data) throws UserInputException, IOException {
        if (data.file().isEmpty()) {
            throw new UserInputException("perplexity needs a held-out file: --data perplexity=FILE.jsonl (lines of {\"text\"} or {\"messages\"})");
        }
        List<HeldOutDocument> out = new ArrayList<>();
        List<JsonLine> lines = Jsonl.read(data.file().get());
        for (int i = 0; i < lines.size(); i++) {
            JsonLine l = lines.get(i);
            String id = l.has("id") ? l.id("id") : String.valueOf(i);
            if (l.has("text")) {
                out.add(new HeldOutDocument.PlainText(id, l.text("text")));
            } else if (l.has("messages")) {
                List<ChatMessage> messages = new ArrayList<>();
                for (JsonNode m : l.array("messages")) {
                    String role = m.path("role").asText();
                    if (!ROLES.contains(role) || !m.path("content").isTextual()) {
                        throw l.problem("each message needs a \"role\" (system, user or assistant) and a string \"content\"");
                    }
                    messages.add(new ChatMessage(role, m.get("content").asText()));
                }
                if (messages.stream().noneMatch(m -> m.role().equals("assistant"))) {
                    throw l.problem("a conversation needs at least one assistant turn: only those are scored");
                }
                out.add(new HeldOutDocument.Conversation(id, messages));
            } else {
                throw l.problem("needs \"text\" or \"messages\"");
            }
        }
        return out;
    }

    /**
     * loss (primary): token-weighted mean negative log-likelihood in nats, sum(-ln p) / tokens over all
     * documents; perplexity = exp(loss); bits_per_token = loss / ln 2; mean_document_loss weighs documents
     * equally.
     */
    @Override
    public Metrics aggregate(List<LogLikelihood> likelihoods) {
        double nll = 0;
        long tokens = 0;
        double docMean = 0;
        int counted = 0;
        for (LogLikelihood l : likelihoods) {
            nll -= l.logProbSum();
            tokens += l.tokens();
            if (l.tokens() > 0) {
                docMean += -l.logProbSum() / l.tokens();
                counted++;
            }
        }
        double loss = tokens == 0 ? 0 : nll / tokens;
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("loss", loss);
        v.put("perplexity", Math.exp(loss));
        v.put("bits_per_token", loss / Math.log(2));
        v.put("mean_document_loss", counted == 0 ? 0 : docMean / counted);
        v.put("tokens", (double) tokens);
        v.put("documents", (double) likelihoods.size());
        return new Metrics("loss", v);
    }
}
