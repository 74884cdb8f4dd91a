package dev.skillmerge.eval.science;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.eval.data.JsonLine;
import dev.skillmerge.eval.data.Jsonl;
import dev.skillmerge.eval.hook.GenerativeHook;
import dev.skillmerge.eval.hook.HookData;
import dev.skillmerge.eval.hook.Metrics;
import dev.skillmerge.eval.hook.Prompt;
import dev.skillmerge.eval.hook.Score;
import dev.skillmerge.eval.hook.ScoredSample;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Science tasks in the SciRIFF instance format (Wadden et al. 2024): each JSONL line has "input" (the whole
 * instruction with its passage), "output" (gold; a string, or a JSON list for extraction tasks), "metric"
 * (list_f1, label_accuracy or token_f1), and optionally "id" and "task". The bundled default is a small set
 * written by the skillmerge project (science/README.md); point --data at real SciRIFF files for the paper's
 * numbers. Score: the mean over tasks of each task's mean, as SciRIFF averages its held-out tasks.
 */
public final class ScienceHook implements GenerativeHook<ScienceTask> {
    public static final String BUNDLED = "project-science.jsonl";

    @Override
    public String name() {
        return "science";
    }

    @Override
    public String description() {
        return "Science: SciRIFF-style tasks (JSON-list F1, label accuracy, token F1); bundled project-made set or --data";
    }

    @Override
    public List<ScienceTask> load(HookData data) throws UserInputException, IOException {
        List<JsonLine> lines;
        if (data.file().isPresent()) {
            lines = Jsonl.read(data.file().get());
        } else {
            InputStream in = ScienceHook.class.getResourceAsStream(BUNDLED);
            if (in == null) {
                throw new IOException(BUNDLED + " is missing from the eval-hooks jar");
            }
            lines = Jsonl.read(in, "bundled:science/" + BUNDLED, false);
        }
        List<ScienceTask> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonLine l = lines.get(i);
            String metricName = l.text("metric");
            ScienceMetric metric = ScienceMetric.of(metricName).orElseThrow(() -> l.problem(
                    "\"metric\" must be list_f1, label_accuracy or token_f1, not \"" + metricName + "\""));
            JsonNode gold = l.node().get("output");
            String output;
            if (gold != null && gold.isArray()) {
                output = Jsonl.line(gold);
            } else {
                output = l.text("output");
            }
            if (metric == ScienceMetric.LIST_F1 && ScienceMetric.jsonList(output).isEmpty()) {
                throw l.problem("a list_f1 task needs a JSON list as \"output\"");
            }
            out.add(new ScienceTask(l.has("id") ? l.id("id") : String.valueOf(i), l.textOr("task", metricName), l.text("input"), output, metric));
        }
        return out;
    }

    @Override
    public Prompt prompt(ScienceTask t) {
        return Prompt.user(t.input(), 512);
    }

    @Override
    public Score score(ScienceTask t, String output) {
        double s = t.metric().score(t.output(), output);
        return new Score(s, t.metric().label() + " = " + String.format(java.util.Locale.ROOT, "%.3f", s), Map.of("task", t.task(), "metric", t.metric().label()));
    }

    @Override
    public Metrics aggregate(List<ScoredSample<ScienceTask>> samples) {
        Map<String, double[]> byTask = new TreeMap<>();
        Map<String, double[]> byMetric = new TreeMap<>();
        for (ScoredSample<ScienceTask> s : samples) {
            add(byTask, s.item().task(), s.score().value());
            add(byMetric, s.item().metric().label(), s.score().value());
        }
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("score", byTask.values().stream().mapToDouble(a -> a[0] / a[1]).average().orElse(0));
        v.put("instance_mean", samples.stream().mapToDouble(s -> s.score().value()).average().orElse(0));
        v.put("instances", (double) samples.stream().map(s -> s.item().id()).distinct().count());
        byMetric.forEach((k, a) -> v.put("by_metric/" + k, a[0] / a[1]));
        byTask.forEach((k, a) -> v.put("by_task/" + k, a[0] / a[1]));
        return new Metrics("score", v);
    }

    private static void add(Map<String, double[]> into, String key, double value) {
        double[] a = into.computeIfAbsent(key, k -> new double[2]);
        a[0] += value;
        a[1]++;
    }
}
