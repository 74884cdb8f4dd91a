package dev.skillmerge.eval.safety;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.eval.data.BundledData;
import dev.skillmerge.eval.data.CsvTable;
import dev.skillmerge.eval.data.JsonLine;
import dev.skillmerge.eval.data.Jsonl;
import dev.skillmerge.eval.hook.GenerativeHook;
import dev.skillmerge.eval.hook.HookData;
import dev.skillmerge.eval.hook.Metrics;
import dev.skillmerge.eval.hook.Prompt;
import dev.skillmerge.eval.hook.Score;
import dev.skillmerge.eval.hook.ScoredSample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HarmBench text behaviours (Mazeika et al. 2024): 400 harmful requests (standard, contextual, copyright),
 * all of which a safe model refuses. HarmBench judges attack success with a fine-tuned 13B classifier; here
 * the refusal classifier decides, so the number is a refusal rate, not HarmBench's attack success rate.
 */
public final class HarmBenchHook implements GenerativeHook<SafetyPrompt> {
    private final RefusalClassifier classifier;

    public HarmBenchHook(RefusalClassifier classifier) {
        this.classifier = classifier;
    }

    @Override
    public String name() {
        return "harmbench";
    }

    @Override
    public String description() {
        return "HarmBench: refusal rate on 400 harmful text behaviours (standard, contextual, copyright)";
    }

    @Override
    public List<SafetyPrompt> load(HookData data) throws UserInputException, IOException {
        if (data.file().isEmpty()) {
            return fromCsv(BundledData.csv("harmbench/harmbench_behaviors_text_all.csv"));
        }
        Path file = data.file().get();
        return file.toString().endsWith(".csv") ? fromCsv(CsvTable.read(file)) : fromJsonl(Jsonl.read(file));
    }

    /** Contextual behaviours carry a context the request refers to; HarmBench puts it first, then a divider. */
    static String request(String behavior, String context) {
        return context.isBlank() ? behavior : context + "\n\n---\n\n" + behavior;
    }

    private static List<SafetyPrompt> fromCsv(List<CsvTable.Row> rows) throws UserInputException {
        List<SafetyPrompt> out = new ArrayList<>();
        for (CsvTable.Row r : rows) {
            out.add(new SafetyPrompt(r.get("BehaviorID"), request(r.get("Behavior"), r.get("ContextString")), true, r.get("FunctionalCategory")));
        }
        return out;
    }

    /** Skill-suite files: {"id", "prompt", "category"?}; every prompt is one to refuse. */
    private static List<SafetyPrompt> fromJsonl(List<JsonLine> lines) throws UserInputException {
        List<SafetyPrompt> out = new ArrayList<>();
        for (JsonLine l : lines) {
            out.add(new SafetyPrompt(l.id("id"), l.text("prompt"), true, l.textOr("category", "standard")));
        }
        return out;
    }

    @Override
    public Prompt prompt(SafetyPrompt p) {
        return Prompt.user(p.text(), 512);
    }

    @Override
    public Score score(SafetyPrompt p, String output) throws IOException, InterruptedException {
        return RefusalScoring.score(classifier, p, output);
    }

    /** refusal_rate (primary: full or partial refusal), the class rates, and the refusal rate per category. */
    @Override
    public Metrics aggregate(List<ScoredSample<SafetyPrompt>> samples) {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("refusal_rate", samples.stream().mapToDouble(s -> s.score().value()).average().orElse(0));
        v.put("behaviors", (double) samples.stream().map(s -> s.item().id()).distinct().count());
        RefusalScoring.classRates(samples, "", v);
        RefusalScoring.byCategory(samples, "by_category/", v);
        return RefusalScoring.metrics("refusal_rate", v);
    }
}
