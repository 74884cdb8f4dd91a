package dev.skillmerge.workflow.demo.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.eval.backend.ModelBackend;
import dev.skillmerge.eval.code.HumanEvalHook;
import dev.skillmerge.eval.code.HumanEvalProblem;
import dev.skillmerge.eval.hook.GenerativeHook;
import dev.skillmerge.eval.hook.HookData;
import dev.skillmerge.eval.hook.SamplingOptions;
import dev.skillmerge.eval.run.EvalRun;
import dev.skillmerge.eval.run.HookOutcome;
import dev.skillmerge.eval.run.OutputSource;
import dev.skillmerge.eval.run.PreparedHook;
import dev.skillmerge.runtime.engine.DeviceChoice;
import dev.skillmerge.workflow.demo.data.DemoData;
import dev.skillmerge.workflow.demo.data.Split;
import dev.skillmerge.workflow.report.EvalSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges a model on the demo's suites with the eval hooks, in process: the model is loaded once, each suite
 * runs as an {@link EvalRun} into {@code DIR/SUITE/} (records and summary.json, resumable), greedy, answers
 * capped at {@code maxTokens} tokens; then {@code DIR/summary.json} gathers the suites under their own names
 * ("general", "science", "safety", "code"), in the eval summary schema, for {@link EvalSummary} and sweeps.
 */
public final class Evaluation {
    private final Path data;
    private final int threads;
    private final int batchSize;
    private final int maxTokens;
    private final PrintStream log;
    private final MemoizedHook<HumanEvalProblem> code = new MemoizedHook<>(new HumanEvalHook());

    /**
     * @param data      the demo data folder ({@link DemoData#file})
     * @param threads   PyTorch threads and scoring workers
     * @param batchSize prompts decoded together
     */
    public Evaluation(Path data, int threads, int batchSize, int maxTokens, PrintStream log) {
        this.data = data;
        this.threads = threads;
        this.batchSize = batchSize;
        this.maxTokens = maxTokens;
        this.log = log;
    }

    /** What changes the results besides the model and the data: part of every evaluation's key. */
    public String settingsKey() {
        return "greedy max_tokens=" + maxTokens;
    }

    public Scores run(Path model, Path dir, Split split, List<Suite> suites) throws UserInputException, IOException, InterruptedException {
        ObjectNode combined = Json.MAPPER.createObjectNode();
        combined.put("schema", EvalSummary.SCHEMA);
        combined.put("updated", Instant.now().toString());
        combined.put("source", "model: " + model);
        ObjectNode hooks = combined.putObject("hooks");
        try (ModelBackend backend = ModelBackend.embedded(model, DeviceChoice.CPU, threads, batchSize)) {
            OutputSource source = new OutputSource.Model(new CappedGenerator(backend.generator(), maxTokens), Optional.empty(),
                    SamplingOptions.greedyDecoding(), batchSize);
            for (Suite suite : suites) {
                GenerativeHook<?> hook = suite == Suite.CODE ? code : suite.newHook();
                PreparedHook prepared = PreparedHook.prepare(hook, HookData.of(DemoData.file(data, split, suite.set())));
                EvalRun.Settings settings = new EvalRun.Settings(dir.resolve(suite.set()), threads, Map.of(), Map.of(), log);
                HookOutcome outcome = new EvalRun(settings, source).run(List.of(prepared)).getFirst();
                ObjectNode h = hooks.putObject(suite.set());
                h.put("status", outcome.status().word());
                outcome.error().ifPresent(e -> h.put("error", e));
                outcome.metrics().ifPresent(m -> {
                    h.put("primary", m.primary());
                    h.put("value", m.values().get(m.primary()));
                    ObjectNode values = h.putObject("metrics");
                    m.values().forEach(values::put);
                });
            }
        }
        Json.write(dir.resolve("summary.json"), combined);
        return Scores.of(EvalSummary.read(dir));
    }
}
