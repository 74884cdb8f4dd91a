package dev.skillmerge.workflow.demo.pipeline;

import dev.skillmerge.eval.hook.Generator;
import dev.skillmerge.eval.hook.Prompt;
import dev.skillmerge.eval.hook.SamplingOptions;
import java.io.IOException;
import java.util.List;

/**
 * A generator that answers in at most {@code maxTokens} tokens whatever a hook allows (science asks for up
 * to 512): every right answer of the demo's suites is far shorter, and a model that rambles would otherwise
 * keep a whole batch decoding for hundreds of steps. A rambling answer is cut, and scored as what it is.
 */
public final class CappedGenerator implements Generator {
    private final Generator inner;
    private final int maxTokens;

    public CappedGenerator(Generator inner, int maxTokens) {
        this.inner = inner;
        this.maxTokens = maxTokens;
    }

    @Override
    public List<List<String>> complete(List<Prompt> prompts, SamplingOptions options) throws IOException, InterruptedException {
        return inner.complete(prompts.stream().map(this::cap).toList(), options);
    }

    Prompt cap(Prompt p) {
        if (p.maxTokens() <= maxTokens) {
            return p;
        }
        return switch (p) {
            case Prompt.Chat c -> new Prompt.Chat(c.messages(), c.stop(), maxTokens);
            case Prompt.Text t -> new Prompt.Text(t.text(), t.stop(), maxTokens);
        };
    }

    @Override
    public String describe() {
        return inner.describe() + " (answers of at most " + maxTokens + " tokens)";
    }
}
