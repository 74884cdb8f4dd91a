package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.eval.HookRegistry;
import dev.skillmerge.eval.external.ExecutableHook;
import dev.skillmerge.eval.hook.Hook;
import dev.skillmerge.eval.hook.HookData;
import dev.skillmerge.eval.hook.SamplingOptions;
import dev.skillmerge.eval.run.EvalRun;
import dev.skillmerge.eval.run.HookOutcome;
import dev.skillmerge.eval.run.OutputSource;
import dev.skillmerge.eval.run.PreparedHook;
import dev.skillmerge.eval.run.PromptExport;
import dev.skillmerge.eval.run.ResponseSet;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Judge a model on safety, code, science and general skills, or score responses generated elsewhere.",
                "Writes RESULTS/<hook>.jsonl (one record per output: prompt, output, score, reason) and RESULTS/summary.json"
                        + " (schema: docs/eval-schema.md). Rerunning into the same folder skips what is already scored.",
                "Hooks: gsm8k, ifeval, perplexity, xstest, harmbench, humaneval, mbppplus, science;"
                        + " suites: general, safety, code, science."},
        footer = {"", "Examples:",
                "  skillmerge eval --responses answers.jsonl --hooks safety,code -o results/",
                "  skillmerge eval --export-prompts prompts.jsonl --hooks humaneval,gsm8k --limit 20",
                "  skillmerge eval --responses answers.jsonl --hooks gsm8k --data my-gsm8k-skill.jsonl -o results/",
                "  skillmerge eval --responses answers.jsonl --hooks xstest --external wc=examples/hooks/answer_length.py -o results/",
                "  skillmerge eval ./model --hooks general --samples 1 -o results/   (model backends: see docs/eval-schema.md)",
                "", "Responses lines: {\"hook\": \"humaneval\", \"id\": \"HumanEval/0\", \"sample\": 0, \"response\": \"...\"};"
                + " \"hook\" may be left out when one hook is scored.",
                "Exit codes: 0 every hook ran, 1 a hook failed (the others' results are kept), 2 invalid usage or input."})
public final class EvalCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", arity = "0..1",
            description = "A model folder (embedded backend) or, with --backend openai, the model name on the server.")
    String model;

    @Option(names = "--hooks", paramLabel = "LIST", required = true,
            description = "Comma-separated hooks and suites, e.g. safety,code or xstest,gsm8k.")
    String hooks;

    @Option(names = {"-o", "--output"}, paramLabel = "RESULTS", description = "Results folder (created; reused to resume).")
    Path output;

    @Option(names = "--responses", paramLabel = "FILE.jsonl", description = "Score these recorded responses instead of running a model.")
    Path responses;

    @Option(names = "--export-prompts", paramLabel = "FILE.jsonl", description = "Write the prompts the hooks would send, and stop.")
    Path exportPrompts;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N items of each hook.")
    int limit;

    @Option(names = "--data", paramLabel = "[HOOK=]FILE",
            description = "Items for a hook instead of its bundled benchmark (a skill suite, a real SciRIFF file);"
                    + " repeatable; HOOK= may be left out when one hook is selected.")
    List<String> data = new ArrayList<>();

    @Option(names = "--external", paramLabel = "NAME=COMMAND",
            description = "Also run an external hook: COMMAND gets a JSON request on stdin and prints JSON metrics; repeatable.")
    List<String> external = new ArrayList<>();

    @Option(names = "--external-timeout", paramLabel = "SECONDS", defaultValue = "3600", description = "Time limit of each external hook (default: ${DEFAULT-VALUE}).")
    long externalTimeout;

    @Option(names = "--backend", paramLabel = "KIND", defaultValue = "embedded", description = "embedded (in-process) or openai (--endpoint).")
    String backend;

    @Option(names = "--endpoint", paramLabel = "URL", description = "OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1.")
    String endpoint;

    @Option(names = "--model-name", paramLabel = "NAME", description = "Model name to ask the server for (default: MODEL).")
    String modelName;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1", description = "Outputs per prompt (pass@k needs k or more; default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0", description = "0 is greedy (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1", description = "Nucleus sampling mass (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Parallel scorers, e.g. code sandboxes (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        validate();
        List<Hook> selected = registry().resolve(hooks);
        Map<String, HookData> dataByHook = dataByHook(selected);
        List<PreparedHook> prepared = new ArrayList<>();
        for (Hook h : selected) {
            prepared.add(PreparedHook.prepare(h, dataByHook.getOrDefault(h.name(), new HookData(Optional.empty(), limit))));
        }
        if (exportPrompts != null) {
            int n = PromptExport.write(exportPrompts, prepared);
            System.out.println(exportPrompts + ": " + n + " prompts");
            return 0;
        }
        OutputSource source = responses != null
                ? new OutputSource.Recorded(ResponseSet.load(responses, selected.stream().map(Hook::name).toList()))
                : openModel();
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("limit", limit);
        options.put("samples", samples);
        options.put("temperature", temperature);
        options.put("top_p", topP);
        options.put("seed", seed);
        EvalRun run = new EvalRun(new EvalRun.Settings(output, threads, modelDescription(), options, System.err), source);
        List<HookOutcome> outcomes = run.run(prepared);
        print(outcomes, System.out);
        System.out.println(output.resolve("summary.json"));
        return outcomes.stream().anyMatch(o -> o.status() == HookOutcome.Status.FAILED) ? 1 : 0;
    }

    private void validate() throws UserInputException {
        if (exportPrompts == null && output == null) {
            throw new UserInputException("-o RESULTS is required (except with --export-prompts)");
        }
        if (exportPrompts == null && responses == null && model == null && endpoint == null) {
            throw new UserInputException("give MODEL (or --backend openai --endpoint URL), --responses FILE, or --export-prompts FILE");
        }
        if (responses != null && (model != null || endpoint != null)) {
            throw new UserInputException("--responses scores recorded outputs: give no MODEL or --endpoint with it");
        }
        if (limit < 0 || samples < 1 || threads < 1) {
            throw new UserInputException("--limit must be >= 0, --samples and --threads >= 1");
        }
        if (!backend.equals("embedded") && !backend.equals("openai")) {
            throw new UserInputException("--backend must be embedded or openai, not \"" + backend + "\"");
        }
        if (backend.equals("openai") && endpoint == null && responses == null && exportPrompts == null) {
            throw new UserInputException("--backend openai needs --endpoint URL");
        }
    }

    private HookRegistry registry() throws UserInputException {
        HookRegistry r = HookRegistry.builtIn();
        for (String spec : external) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new UserInputException("--external needs NAME=COMMAND, got \"" + spec + "\"");
            }
            String name = spec.substring(0, eq).strip();
            List<String> command = List.of(spec.substring(eq + 1).strip().split("\\s+"));
            try {
                r.withExternal(new ExecutableHook(name, command, Duration.ofSeconds(externalTimeout)));
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--external " + spec + ": " + e.getMessage());
            }
            if (!(("," + hooks + ",").replace(" ", "").contains("," + name + ","))) {
                hooks = hooks + "," + name;
            }
        }
        return r;
    }

    private Map<String, HookData> dataByHook(List<Hook> selected) throws UserInputException {
        Map<String, HookData> out = new HashMap<>();
        List<String> names = selected.stream().map(Hook::name).toList();
        for (String spec : data) {
            int eq = spec.indexOf('=');
            String hook;
            String file;
            if (eq > 0 && names.contains(spec.substring(0, eq))) {
                hook = spec.substring(0, eq);
                file = spec.substring(eq + 1);
            } else if (names.size() == 1) {
                hook = names.getFirst();
                file = spec;
            } else {
                throw new UserInputException("--data " + spec + ": say which hook it is for, as HOOK=FILE (selected: " + String.join(", ", names) + ")");
            }
            if (out.put(hook, new HookData(Optional.of(Path.of(file)), limit)) != null) {
                throw new UserInputException("--data names hook " + hook + " twice");
            }
        }
        return out;
    }

    private Map<String, Object> modelDescription() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (model != null) {
            m.put(backend.equals("openai") ? "name" : "path", backend.equals("openai") ? model : Path.of(model).toAbsolutePath().toString());
        }
        if (endpoint != null) {
            m.put("endpoint", endpoint);
            m.put("name", modelName != null ? modelName : model);
        }
        m.put("backend", responses != null ? "responses" : backend);
        return m;
    }

    /**
     * The model behind the generation and log-probability ports. Not wired in this build: the embedded runtime
     * and the OpenAI client implement {@link dev.skillmerge.eval.hook.Generator} and
     * {@link dev.skillmerge.eval.hook.LogProbScorer} in a later change, which returns
     * {@code new OutputSource.Model(generator, logProbs, sampling(), batchSize)} here.
     */
    private OutputSource openModel() throws UserInputException {
        sampling();
        throw new UserInputException("generation is not available in this build of skillmerge eval;"
                + " score outputs made elsewhere with --responses FILE, or write the prompts with --export-prompts FILE");
    }

    private SamplingOptions sampling() throws UserInputException {
        try {
            return new SamplingOptions(samples, temperature, topP, seed);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    static void print(List<HookOutcome> outcomes, PrintStream out) {
        for (HookOutcome o : outcomes) {
            if (o.status() == HookOutcome.Status.FAILED) {
                out.printf(Locale.ROOT, "%-11s FAILED  %s%n", o.hook(), o.error().orElse(""));
            } else if (o.metrics().isEmpty()) {
                out.printf(Locale.ROOT, "%-11s ok      nothing scored (%d items missing)%n", o.hook(), o.missing());
            } else {
                var m = o.metrics().get();
                out.printf(Locale.ROOT, "%-11s ok      %s = %.4f  (%d scored, %d missing, %.1f s)%n",
                        o.hook(), m.primary(), m.primaryValue(), o.scored(), o.missing(), o.seconds());
            }
        }
    }
}
