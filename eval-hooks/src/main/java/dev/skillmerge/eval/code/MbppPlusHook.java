package dev.skillmerge.eval.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.eval.data.BundledData;
import dev.skillmerge.eval.data.JsonLine;
import dev.skillmerge.eval.data.Jsonl;
import dev.skillmerge.eval.hook.GenerativeHook;
import dev.skillmerge.eval.hook.HookData;
import dev.skillmerge.eval.hook.Metrics;
import dev.skillmerge.eval.hook.Prompt;
import dev.skillmerge.eval.hook.Score;
import dev.skillmerge.eval.hook.ScoredSample;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * MBPP+ (EvalPlus, Liu et al. 2023): the model writes a function from a one-line task; it passes when its
 * outputs equal the reference solution's on every base and extra input (floats within atol), each input
 * within max(1 s, 4 x the reference's time) as EvalPlus does, but in CPU time rather than wall time so that
 * a busy machine does not fail correct code. Reference outputs are computed once per task in the sandbox and
 * reused for every sample.
 */
public final class MbppPlusHook implements GenerativeHook<MbppPlusTask> {
    /** EvalPlus defaults: minimum per-input time limit and factor over the reference's time. */
    static final double MIN_SECONDS = 1.0;
    static final double TIME_FACTOR = 4.0;
    private static final double LOAD_SECONDS = 10.0;
    private static final SandboxLimits REFERENCE_LIMITS = new SandboxLimits(Duration.ofMinutes(10), 4096 * SandboxLimits.MIB, 256 * SandboxLimits.MIB, 16);

    private final ConcurrentHashMap<String, CompletableFuture<ReferenceOutputs>> references = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "mbppplus";
    }

    @Override
    public String description() {
        return "MBPP+: 399 Python tasks, outputs compared with the reference on base and extra inputs in a sandbox; pass@k";
    }

    @Override
    public List<MbppPlusTask> load(HookData data) throws UserInputException, IOException {
        List<JsonLine> lines = data.file().isPresent() ? Jsonl.read(data.file().get()) : BundledData.jsonl("mbppplus/MbppPlus.jsonl");
        List<MbppPlusTask> tasks = new ArrayList<>();
        for (JsonLine l : lines) {
            ArrayNode inputs = Jsonl.MAPPER.createArrayNode();
            inputs.addAll((ArrayNode) l.array("base_input"));
            // One task of the committed snapshot (Mbpp/793) has {} instead of a list of extra inputs.
            if (l.node().get("plus_input") instanceof ArrayNode plus) {
                inputs.addAll(plus);
            }
            String assertion = l.textOr("assertion", "").strip();
            String firstAssert = assertion.lines().filter(s -> s.startsWith("assert")).findFirst().orElse("");
            tasks.add(new MbppPlusTask(l.id("task_id"), description(l.text("prompt")), firstAssert, l.text("entry_point"),
                    l.text("canonical_solution"), inputs, l.has("atol") ? l.number("atol") : 0));
        }
        return tasks;
    }

    /** The task text without the triple quotes it is stored in. */
    private static String description(String prompt) {
        String s = prompt.strip();
        for (String q : List.of("'''", "\"\"\"")) {
            if (s.startsWith(q) && s.endsWith(q) && s.length() >= 6) {
                s = s.substring(3, s.length() - 3).strip();
            }
        }
        return s;
    }

    /** EvalPlus's instruction prompt for chat models: the task and one example assertion in a code block. */
    @Override
    public Prompt prompt(MbppPlusTask t) {
        return Prompt.user("Please provide a self-contained Python script that solves the following problem in a markdown code block:\n```\n\"\"\"\n"
                + t.description() + "\n" + t.exampleAssertion() + "\n\"\"\"\n```\n", 768);
    }

    @Override
    public Score score(MbppPlusTask t, String output) throws IOException, InterruptedException {
        return check(t, CodeBlocks.pick(output, t.entryPoint()));
    }

    /** Runs {@code solution} on every input of {@code t} and compares with the reference outputs. */
    public Score check(MbppPlusTask t, String solution) throws IOException, InterruptedException {
        if (!CodeBlocks.defines(solution, t.entryPoint())) {
            return Score.fail("no function " + t.entryPoint() + " defined");
        }
        ReferenceOutputs ref = reference(t);
        ObjectNode job = baseJob(t, solution, "check");
        job.put("reference", t.canonicalSolution());
        ArrayNode limits = job.putArray("time_limits");
        double total = 0;
        for (double s : ref.seconds()) {
            double limit = Math.max(MIN_SECONDS, TIME_FACTOR * s);
            limits.add(limit);
            total += limit;
        }
        // The per-input limits are CPU seconds; the wall-clock budget allows for a machine twice as busy, and
        // for the reference running beside the candidate when its outputs were too big to pickle.
        double cpu = ref.pickle().isPresent() ? total : 2 * total;
        Duration timeout = Duration.ofMillis((long) ((2 * cpu + 2 * LOAD_SECONDS + 10) * 1000));
        SandboxResult r = PythonSandbox.shared().run(job, new SandboxLimits(timeout, 4096 * SandboxLimits.MIB, 64 * SandboxLimits.MIB, 16), ref.pickle());
        return new Score(r.passed() ? 1 : 0, r.reason(), Map.of());
    }

    private static ObjectNode baseJob(MbppPlusTask t, String solution, String mode) {
        ObjectNode job = Jsonl.MAPPER.createObjectNode();
        job.put("mode", mode);
        job.put("task_id", t.id());
        job.put("entry_point", t.entryPoint());
        job.put("solution", solution);
        job.set("inputs", t.inputs());
        job.put("atol", t.atol());
        job.put("load_seconds", LOAD_SECONDS);
        return job;
    }

    /** The reference outputs of {@code t}, computed in the sandbox on first use; concurrent callers share one run. */
    public ReferenceOutputs reference(MbppPlusTask t) throws IOException, InterruptedException {
        CompletableFuture<ReferenceOutputs> mine = new CompletableFuture<>();
        CompletableFuture<ReferenceOutputs> existing = references.putIfAbsent(t.id(), mine);
        if (existing == null) {
            try {
                SandboxResult r = PythonSandbox.shared().run(baseJob(t, t.canonicalSolution(), "expected"), REFERENCE_LIMITS, Optional.empty());
                if (!r.passed()) {
                    throw new IOException(t.id() + ": the reference solution did not run: " + r.reason());
                }
                JsonNode times = r.result().orElseThrow().path("times");
                double[] seconds = new double[times.size()];
                for (int i = 0; i < seconds.length; i++) {
                    seconds[i] = times.get(i).asDouble();
                }
                mine.complete(new ReferenceOutputs(r.expected(), seconds));
            } catch (IOException | InterruptedException | RuntimeException e) {
                references.remove(t.id());
                mine.completeExceptionally(e);
                throw e;
            }
            existing = mine;
        }
        try {
            return existing.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    @Override
    public Metrics aggregate(List<ScoredSample<MbppPlusTask>> samples) {
        return PassAtK.aggregate(samples);
    }
}
