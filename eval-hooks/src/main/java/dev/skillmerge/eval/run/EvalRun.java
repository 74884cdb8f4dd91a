package dev.skillmerge.eval.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.eval.data.Jsonl;
import dev.skillmerge.eval.hook.BenchmarkItem;
import dev.skillmerge.eval.hook.ExternalHook;
import dev.skillmerge.eval.hook.GenerativeHook;
import dev.skillmerge.eval.hook.HeldOutDocument;
import dev.skillmerge.eval.hook.LikelihoodHook;
import dev.skillmerge.eval.hook.LogLikelihood;
import dev.skillmerge.eval.hook.Metrics;
import dev.skillmerge.eval.hook.Prompt;
import dev.skillmerge.eval.hook.Score;
import dev.skillmerge.eval.hook.ScoredSample;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs prepared hooks into a results folder: for each hook, reuses the records already there (resume),
 * obtains the missing outputs (generation or recorded responses), scores them on {@code threads} workers,
 * appends a record per output, aggregates, and rewrites {@code summary.json}. A hook that fails is recorded
 * as failed with its error and the run goes on with the next one.
 */
public final class EvalRun {
    /** Knobs of a run. {@code model} and {@code externalOptions} are passed through to external hooks. */
    public record Settings(Path outputDir, int threads, Map<String, Object> model, Map<String, Object> externalOptions, PrintStream log) {
        public Settings {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1");
            }
            model = Map.copyOf(model);
            externalOptions = Map.copyOf(externalOptions);
        }
    }

    private final Settings settings;
    private final OutputSource source;

    public EvalRun(Settings settings, OutputSource source) {
        this.settings = settings;
        this.source = source;
    }

    public List<HookOutcome> run(List<PreparedHook> hooks) throws IOException, InterruptedException {
        Files.createDirectories(settings.outputDir());
        RunSummary summary = RunSummary.open(settings.outputDir().resolve("summary.json"), source.describe());
        List<HookOutcome> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "eval-scorer");
            t.setDaemon(true);
            return t;
        });
        try {
            for (PreparedHook prepared : hooks) {
                long start = System.nanoTime();
                String name = prepared.hook().name();
                Optional<String> records = prepared instanceof PreparedHook.External ? Optional.empty() : Optional.of(name + ".jsonl");
                HookOutcome outcome;
                try {
                    outcome = switch (prepared) {
                        case PreparedHook.Generative<?> g -> generative(g, pool, start);
                        case PreparedHook.Likelihood l -> likelihood(l.hook(), l.documents(), start);
                        case PreparedHook.External e -> external(e.hook(), start);
                    };
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    // One hook's failure (a crashed scorer, a backend error) must not lose the other hooks' results.
                    outcome = HookOutcome.failed(name, oneLine(e), seconds(start), records);
                    settings.log().println("error: " + name + ": " + oneLine(e));
                }
                summary.put(outcome, prepared.hook().description());
                outcomes.add(outcome);
            }
        } finally {
            pool.shutdownNow();
        }
        return outcomes;
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String first = message.lines().findFirst().orElse("");
        return e instanceof UserInputException || e instanceof IOException ? first : e.getClass().getSimpleName() + ": " + first;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private record Pending<T>(T item, int sample, String output) {
    }

    private <T extends BenchmarkItem> HookOutcome generative(PreparedHook.Generative<T> prepared, ExecutorService pool, long start)
            throws IOException, InterruptedException, UserInputException {
        GenerativeHook<T> hook = prepared.hook();
        List<T> items = prepared.items();
        Map<String, List<Integer>> expectedSamples = new LinkedHashMap<>();
        List<Pending<T>> toScore = new ArrayList<>();
        List<T> toGenerate = new ArrayList<>();
        int missing = 0;
        Path file = settings.outputDir().resolve(hook.name() + ".jsonl");
        try (RecordLog log = RecordLog.open(file)) {
            switch (source) {
                case OutputSource.Recorded recorded -> {
                    Set<String> ids = new HashSet<>();
                    for (T item : items) {
                        ids.add(item.id());
                        Map<Integer, ResponseSet.Recorded> samples = recorded.responses().samples(hook.name(), item.id());
                        if (samples.isEmpty()) {
                            missing++;
                        }
                        List<Integer> indices = new ArrayList<>();
                        for (Map.Entry<Integer, ResponseSet.Recorded> e : samples.entrySet()) {
                            if (!(e.getValue() instanceof ResponseSet.Text text)) {
                                throw new UserInputException(e.getValue().origin() + ": hook " + hook.name() + " needs a \"response\" string");
                            }
                            indices.add(e.getKey());
                            Optional<ObjectNode> done = log.get(new RecordKey(item.id(), e.getKey()));
                            // Re-score when the response changed since the record was written (a new responses file).
                            if (done.isEmpty() || !done.get().path("output").asText().equals(text.response())) {
                                toScore.add(new Pending<>(item, e.getKey(), text.response()));
                            }
                        }
                        expectedSamples.put(item.id(), indices);
                    }
                    Set<String> unknown = recorded.responses().unknownIds(hook.name(), ids);
                    if (!unknown.isEmpty()) {
                        settings.log().println("warning: " + hook.name() + ": " + unknown.size()
                                + " responses name items that are not in this run (e.g. " + unknown.iterator().next() + "); ignored");
                    }
                }
                case OutputSource.Model model -> {
                    int n = model.sampling().samples();
                    for (T item : items) {
                        List<Integer> indices = new ArrayList<>();
                        boolean complete = true;
                        for (int s = 0; s < n; s++) {
                            indices.add(s);
                            complete &= log.get(new RecordKey(item.id(), s)).isPresent();
                        }
                        expectedSamples.put(item.id(), indices);
                        if (!complete) {
                            toGenerate.add(item);
                        }
                    }
                }
            }
            int total = expectedSamples.values().stream().mapToInt(List::size).sum();
            try (Progress progress = Progress.start(hook.name(), "samples", total, 0)) {
                progress.advance(total - toScore.size() - toGenerate.size() * (long) samplesPerItem(), 0);
                List<Future<?>> futures = new ArrayList<>();
                for (Pending<T> p : toScore) {
                    futures.add(pool.submit(() -> scoreOne(hook, p, log, progress)));
                }
                if (source instanceof OutputSource.Model model) {
                    for (int from = 0; from < toGenerate.size(); from += model.batchSize()) {
                        List<T> batch = toGenerate.subList(from, Math.min(toGenerate.size(), from + model.batchSize()));
                        List<List<String>> outputs = model.generator().complete(batch.stream().map(hook::prompt).toList(), model.sampling());
                        if (outputs.size() != batch.size()) {
                            throw new IllegalStateException("generator returned " + outputs.size() + " results for " + batch.size() + " prompts");
                        }
                        for (int i = 0; i < batch.size(); i++) {
                            T item = batch.get(i);
                            List<String> samples = outputs.get(i);
                            if (samples.size() != model.sampling().samples()) {
                                throw new IllegalStateException("generator returned " + samples.size() + " samples, expected " + model.sampling().samples());
                            }
                            for (int s = 0; s < samples.size(); s++) {
                                if (log.get(new RecordKey(item.id(), s)).isEmpty()) {
                                    Pending<T> p = new Pending<>(item, s, samples.get(s));
                                    futures.add(pool.submit(() -> scoreOne(hook, p, log, progress)));
                                }
                            }
                        }
                    }
                }
                awaitAll(futures);
            }
            List<ScoredSample<T>> scored = new ArrayList<>();
            for (T item : items) {
                for (int s : expectedSamples.get(item.id())) {
                    ObjectNode record = log.get(new RecordKey(item.id(), s)).orElseThrow();
                    scored.add(new ScoredSample<>(item, s, scoreOf(record)));
                }
            }
            Optional<Metrics> metrics = scored.isEmpty() ? Optional.empty() : Optional.of(hook.aggregate(scored));
            return new HookOutcome(hook.name(), HookOutcome.Status.OK, metrics, items.size(), scored.size(), missing,
                    seconds(start), Optional.empty(), Optional.of(file.getFileName().toString()));
        }
    }

    private int samplesPerItem() {
        return source instanceof OutputSource.Model m ? m.sampling().samples() : 0;
    }

    private <T extends BenchmarkItem> Void scoreOne(GenerativeHook<T> hook, Pending<T> p, RecordLog log, Progress progress) throws Exception {
        Score score = hook.score(p.item(), p.output());
        Prompt prompt = hook.prompt(p.item());
        log.append(record(hook.name(), p.item().id(), p.sample(), prompt.render(), p.output(), score));
        progress.advance(1, 0);
        return null;
    }

    private static void awaitAll(List<Future<?>> futures) throws InterruptedException, IOException {
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            for (Future<?> f : futures) {
                f.cancel(true);
            }
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause.getMessage(), cause);
        }
    }

    static ObjectNode record(String hook, String id, int sample, String prompt, String output, Score score) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("hook", hook);
        r.put("id", id);
        r.put("sample", sample);
        r.put("prompt", prompt);
        if (output == null) {
            r.putNull("output");
        } else {
            r.put("output", output);
        }
        r.put("score", score.value());
        r.put("reason", score.reason());
        if (!score.details().isEmpty()) {
            r.set("details", Jsonl.MAPPER.valueToTree(new java.util.TreeMap<>(score.details())));
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    private static Score scoreOf(ObjectNode record) {
        Map<String, Object> details = record.has("details") ? Jsonl.MAPPER.convertValue(record.get("details"), Map.class) : Map.of();
        return new Score(record.path("score").asDouble(), record.path("reason").asText(), details);
    }

    private HookOutcome likelihood(LikelihoodHook hook, List<HeldOutDocument> documents, long start) throws IOException, InterruptedException, UserInputException {
        Path file = settings.outputDir().resolve(hook.name() + ".jsonl");
        int missing = 0;
        try (RecordLog log = RecordLog.open(file)) {
            List<HeldOutDocument> todo = new ArrayList<>();
            for (HeldOutDocument d : documents) {
                Optional<ObjectNode> done = log.get(new RecordKey(d.id(), 0));
                switch (source) {
                    case OutputSource.Recorded recorded -> {
                        ResponseSet.Recorded r = recorded.responses().samples(hook.name(), d.id()).get(0);
                        if (r == null) {
                            missing++;
                        } else if (!(r instanceof ResponseSet.Likelihood l)) {
                            throw new UserInputException(r.origin() + ": hook " + hook.name() + " needs \"logprob_sum\" and \"tokens\", not a response");
                        } else if (done.isEmpty() || !sameLikelihood(done.get(), l.value())) {
                            log.append(likelihoodRecord(hook.name(), d, l.value()));
                        }
                    }
                    case OutputSource.Model m -> {
                        if (done.isEmpty()) {
                            todo.add(d);
                        }
                    }
                }
            }
            if (!todo.isEmpty()) {
                OutputSource.Model model = (OutputSource.Model) source;
                var scorer = model.logProbs().orElseThrow(() -> new IOException(
                        "the " + model.generator().describe() + " backend gives no log-probabilities, which " + hook.name() + " needs"));
                for (int from = 0; from < todo.size(); from += model.batchSize()) {
                    List<HeldOutDocument> batch = todo.subList(from, Math.min(todo.size(), from + model.batchSize()));
                    List<LogLikelihood> values = scorer.score(batch);
                    if (values.size() != batch.size()) {
                        throw new IllegalStateException("log-prob scorer returned " + values.size() + " results for " + batch.size() + " documents");
                    }
                    for (int i = 0; i < batch.size(); i++) {
                        log.append(likelihoodRecord(hook.name(), batch.get(i), values.get(i)));
                    }
                }
            }
            List<LogLikelihood> values = new ArrayList<>();
            for (HeldOutDocument d : documents) {
                log.get(new RecordKey(d.id(), 0)).ifPresent(r -> values.add(
                        new LogLikelihood(r.path("details").path("logprob_sum").asDouble(), r.path("details").path("tokens").asLong())));
            }
            Optional<Metrics> metrics = values.isEmpty() ? Optional.empty() : Optional.of(hook.aggregate(values));
            return new HookOutcome(hook.name(), HookOutcome.Status.OK, metrics, documents.size(), values.size(), missing,
                    seconds(start), Optional.empty(), Optional.of(file.getFileName().toString()));
        }
    }

    private static boolean sameLikelihood(ObjectNode record, LogLikelihood value) {
        JsonNode d = record.path("details");
        return d.path("logprob_sum").asDouble() == value.logProbSum() && d.path("tokens").asLong() == value.tokens();
    }

    private static ObjectNode likelihoodRecord(String hook, HeldOutDocument d, LogLikelihood value) {
        double meanNll = value.tokens() == 0 ? 0 : -value.logProbSum() / value.tokens();
        Score score = new Score(meanNll, String.format(java.util.Locale.ROOT, "mean NLL %.4f nats over %d tokens", meanNll, value.tokens()),
                Map.of("logprob_sum", value.logProbSum(), "tokens", value.tokens()));
        return record(hook, d.id(), 0, d.render(), null, score);
    }

    private HookOutcome external(ExternalHook hook, long start) throws IOException, InterruptedException {
        Path dir = settings.outputDir().resolve(hook.name());
        Files.createDirectories(dir);
        Map<String, Object> model = new LinkedHashMap<>(settings.model());
        if (source instanceof OutputSource.Recorded r) {
            model.put("responses", r.responses().file().toAbsolutePath().toString());
        }
        Metrics metrics = hook.run(new ExternalHook.Request(hook.name(), model, settings.externalOptions(), dir.toAbsolutePath()));
        return new HookOutcome(hook.name(), HookOutcome.Status.OK, Optional.of(metrics), 0, 0, 0, seconds(start),
                Optional.empty(), Optional.empty());
    }
}
