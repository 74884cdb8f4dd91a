package dev.skillmerge.eval.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.eval.data.Jsonl;
import dev.skillmerge.eval.hook.BenchmarkItem;
import dev.skillmerge.eval.hook.ChatMessage;
import dev.skillmerge.eval.hook.GenerativeHook;
import dev.skillmerge.eval.hook.HeldOutDocument;
import dev.skillmerge.eval.hook.Prompt;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --export-prompts}: the prompts each hook would send, one JSONL line per item, so that generation can
 * run elsewhere. A line is {"hook", "id", "messages": [...]} or {"hook", "id", "text": ...}, with "stop" and
 * "max_tokens"; likelihood hooks write their documents ({"text"} or {"messages"}) with "score": "logprobs".
 * Adding "response" (or "logprob_sum" and "tokens") to each line makes a valid {@code --responses} file.
 */
public final class PromptExport {
    private PromptExport() {
    }

    public static int write(Path file, List<PreparedHook> hooks) throws IOException {
        int n = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (PreparedHook p : hooks) {
                switch (p) {
                    case PreparedHook.Generative<?> g -> n += generative(g, out);
                    case PreparedHook.Likelihood l -> {
                        for (HeldOutDocument d : l.documents()) {
                            ObjectNode line = head(l.hook().name(), d.id());
                            switch (d) {
                                case HeldOutDocument.PlainText t -> line.put("text", t.text());
                                case HeldOutDocument.Conversation c -> line.set("messages", messages(c.messages()));
                            }
                            line.put("score", "logprobs");
                            out.write(Jsonl.line(line));
                            out.write('\n');
                            n++;
                        }
                    }
                    case PreparedHook.External e -> {
                        // an external hook builds its own prompts
                    }
                }
            }
        }
        return n;
    }

    private static <T extends BenchmarkItem> int generative(PreparedHook.Generative<T> g, BufferedWriter out) throws IOException {
        for (T item : g.items()) {
            out.write(Jsonl.line(line(g.hook(), item)));
            out.write('\n');
        }
        return g.items().size();
    }

    static <T extends BenchmarkItem> ObjectNode line(GenerativeHook<T> hook, T item) {
        ObjectNode line = head(hook.name(), item.id());
        Prompt prompt = hook.prompt(item);
        switch (prompt) {
            case Prompt.Chat c -> line.set("messages", messages(c.messages()));
            case Prompt.Text t -> line.put("text", t.text());
        }
        ArrayNode stop = line.putArray("stop");
        prompt.stop().forEach(stop::add);
        line.put("max_tokens", prompt.maxTokens());
        return line;
    }

    private static ObjectNode head(String hook, String id) {
        ObjectNode line = Jsonl.MAPPER.createObjectNode();
        line.put("hook", hook);
        line.put("id", id);
        return line;
    }

    private static ArrayNode messages(List<ChatMessage> messages) {
        ArrayNode a = Jsonl.MAPPER.createArrayNode();
        for (ChatMessage m : messages) {
            a.addObject().put("role", m.role()).put("content", m.content());
        }
        return a;
    }
}
