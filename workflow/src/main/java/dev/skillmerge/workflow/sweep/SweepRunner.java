package dev.skillmerge.workflow.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.OutputFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.merge.config.ConfigReader;
import dev.skillmerge.merge.config.MergeConfig;
import dev.skillmerge.merge.output.MergeOutput;
import dev.skillmerge.merge.plan.MergeOptions;
import dev.skillmerge.merge.plan.MergePlan;
import dev.skillmerge.merge.plan.Planner;
import dev.skillmerge.merge.run.MergeRunner;
import dev.skillmerge.workflow.report.EvalSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs a sweep: every point of the grid (or of one shard) that has no row yet is merged into
 * {@code OUTPUT/points/KEY/model}, judged into {@code OUTPUT/points/KEY/results}, and appended as a row;
 * the merged model is deleted after its evaluation unless kept. Every point's config is planned before
 * the first merge, so a bad grid fails at once rather than hours in.
 */
public final class SweepRunner {
    public record Options(boolean keep, SweepGrid.Shard shard, int threads, PrintStream log) {
    }

    private SweepRunner() {
    }

    public static int run(SweepSpec spec, PointEvaluator evaluator, String evalFingerprint, Options options)
            throws IOException, UserInputException, InterruptedException {
        Files.createDirectories(spec.output().resolve("points"));
        List<SweepPoint> points = SweepGrid.points(spec).stream().filter(p -> options.shard() == null || options.shard().contains(p)).toList();
        String inputs = inputsFingerprint(spec);
        List<Path> configs = new ArrayList<>();
        for (SweepPoint p : points) {
            Path config = spec.output().resolve("points").resolve(p.key(inputs, evalFingerprint) + ".yml");
            Files.writeString(config, PointConfig.yaml(spec, p));
            closeAll(Planner.plan(ConfigReader.read(config), new MergeOptions(false, false, false, spec.seed())));
            configs.add(config);
        }
        Set<String> done = SweepRows.finishedKeys(spec.output());
        Path rows = SweepRows.fileFor(spec.output(), options.shard());
        int ran = 0;
        try (Progress progress = Progress.start("sweep", "points", points.size(), 0)) {
            for (int i = 0; i < points.size(); i++) {
                SweepPoint p = points.get(i);
                String key = p.key(inputs, evalFingerprint);
                if (done.contains(key)) {
                    progress.advance(1, 0);
                    continue;
                }
                long start = System.nanoTime();
                Path pointDir = spec.output().resolve("points").resolve(key);
                Path model = pointDir.resolve("model");
                merge(configs.get(i), model, spec.seed(), options.threads());
                EvalSummary summary = evaluator.evaluate(model, pointDir.resolve("results"));
                SweepRows.append(rows, row(p, key, summary, (System.nanoTime() - start) / 1e9));
                if (!options.keep()) {
                    OutputFolderCleanup.delete(model);
                }
                options.log().printf(Locale.ROOT, "%s: %s%n", p.label(), summary.primaryKeys().values().stream()
                        .map(k -> k + "=" + summary.value(k).map(v -> String.format(Locale.ROOT, "%.4f", v)).orElse("-")).toList());
                progress.advance(1, 0);
                ran++;
            }
        }
        SweepRows.writeCsv(spec.output());
        SweepReport.write(spec);
        return ran;
    }

    private static void merge(Path config, Path out, long seed, int threads) throws IOException, UserInputException {
        MergeConfig cfg = ConfigReader.read(config);
        MergePlan plan = Planner.plan(cfg, new MergeOptions(false, false, false, seed));
        try (OutputFolder folder = OutputFolder.create(out, true, plan.models().values().stream().map(ModelFolder::root).toList())) {
            MergeRunner.run(plan, seed, threads, Long.MAX_VALUE, folder.dir(), Progress.silent(0, 0));
            MergeOutput.write(plan, true, folder.dir());
            folder.commit();
        } finally {
            closeAll(plan);
        }
    }

    private static ObjectNode row(SweepPoint p, String key, EvalSummary summary, double seconds) {
        ObjectNode row = Json.MAPPER.createObjectNode();
        row.put("index", p.index());
        row.put("key", key);
        row.put("label", p.label());
        row.put("method", p.method());
        row.put("weight", p.weight());
        row.put("density", p.density());
        row.put("subset", String.join("+", p.subset()));
        row.put("seconds", seconds);
        ObjectNode metrics = row.putObject("metrics");
        summary.hooks().forEach((hook, result) -> result.metrics().forEach((m, v) -> metrics.put(hook + "/" + m, v)));
        ObjectNode primaries = row.putObject("primary");
        summary.primaryKeys().forEach((hook, k) -> summary.value(k).ifPresent(v -> primaries.put(hook, v)));
        return row;
    }

    /** sha256 over every input model's weight fingerprint: a changed expert reruns its points. */
    static String inputsFingerprint(SweepSpec spec) throws IOException, UserInputException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<String> refs = new ArrayList<>();
            refs.add(spec.baseModel());
            spec.general().ifPresent(refs::add);
            refs.addAll(spec.experts().values());
            for (String ref : refs) {
                try (ModelFolder m = ModelFolder.open(Path.of(ref))) {
                    sha.update(m.fingerprint().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            spec.dtype().ifPresent(d -> sha.update(d.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeAll(MergePlan plan) throws IOException {
        for (ModelFolder m : plan.models().values()) {
            m.close();
        }
    }
}
