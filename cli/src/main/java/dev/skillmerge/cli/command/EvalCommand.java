package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.eval.HookRegistry;
import dev.skillmerge.eval.backend.ModelBackend;
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
import dev.skillmerge.eval.safety.JudgeRefusalClassifier;
import dev.skillmerge.eval.safety.PhraseRefusalClassifier;
import dev.skillmerge.eval.safety.RefusalClassifier;
import dev.skillmerge.runtime.engine.DeviceChoice;
import dev.skillmerge.runtime.generate.EmbeddedGenerator;
import dev.skillmerge.runtime.serve.OpenAiClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
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
                "  skillmerge eval ./model --hooks general,safety --limit 50 --model-threads 1 -o results/",
                "  skillmerge eval Qwen/Qwen3-8B --backend openai --endpoint http://127.0.0.1:8000/v1 --hooks code --samples 10 --temperature 0.8 -o r/",
                "  skillmerge eval ./model --hooks xstest --judge http://127.0.0.1:8000/v1 --judge-model judge -o results/",
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

    @Option(names = "--endpoint", paramLabel = "URL", description = "OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1"
            + " (implies --backend openai); the API key, if needed, is read from $" + OpenAiClient.API_KEY_VARIABLE + ".")
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

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + EmbeddedGenerator.DEFAULT_BATCH_SIZE,
            description = "Prompts generated together: sequences per decode step (embedded), requests in flight (openai)"
                    + " (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
            description = "Embedded backend: auto (a GPU when PyTorch sees one), cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--model-threads", paramLabel = "N", defaultValue = "0",
            description = "Embedded backend: PyTorch threads on CPU (default: one per core; 1 is faster for tiny models on 2 cores).")
    int modelThreads;

    @Option(names = "--judge", paramLabel = "URL", description = "Judge refusals (xstest, harmbench) with a model behind this"
            + " OpenAI-compatible server instead of the phrase classifier.")
    String judge;

    @Option(names = "--judge-model", paramLabel = "NAME", description = "The judge's model name on that server (default: its first).")
    String judgeModel;

    @Override
    public Integer call() throws Exception {
        validate();
        // the judge is only asked while scoring: exporting prompts needs no server
        try (ModelBackend judgeBackend = judge != null && exportPrompts == null
                ? ModelBackend.openAi(uri(judge, "--judge"), Optional.ofNullable(judgeModel), threads) : null) {
            RefusalClassifier refusals = judgeBackend != null ? new JudgeRefusalClassifier(judgeBackend.generator()) : new PhraseRefusalClassifier();
            return evaluate(registry(refusals));
        }
    }

    private int evaluate(HookRegistry registry) throws Exception {
        List<Hook> selected = registry.resolve(hooks);
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
        if (responses != null) {
            return run(prepared, new OutputSource.Recorded(ResponseSet.load(responses, selected.stream().map(Hook::name).toList())),
                    modelDescription(Optional.empty()));
        }
        SamplingOptions sampling = sampling();
        try (ModelBackend model = openModel()) {
            return run(prepared, new OutputSource.Model(model.generator(), model.logProbs(), sampling, batchSize),
                    modelDescription(Optional.of(model.runtime().modelName())));
        }
    }

    private int run(List<PreparedHook> prepared, OutputSource source, Map<String, Object> modelDescription) throws Exception {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("limit", limit);
        options.put("samples", samples);
        options.put("temperature", temperature);
        options.put("top_p", topP);
        options.put("seed", seed);
        EvalRun run = new EvalRun(new EvalRun.Settings(output, threads, modelDescription, options, System.err), source);
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
        if (limit < 0 || samples < 1 || threads < 1 || batchSize < 1 || modelThreads < 0) {
            throw new UserInputException("--limit and --model-threads must be >= 0, --samples, --threads and --batch-size >= 1");
        }
        if (endpoint != null && backend.equals("embedded")) {
            backend = "openai";
        }
        if (!backend.equals("embedded") && !backend.equals("openai")) {
            throw new UserInputException("--backend must be embedded or openai, not \"" + backend + "\"");
        }
        if (backend.equals("openai") && endpoint == null && responses == null && exportPrompts == null) {
            throw new UserInputException("--backend openai needs --endpoint URL");
        }
    }

    private HookRegistry registry(RefusalClassifier refusals) throws UserInputException {
        HookRegistry r = HookRegistry.builtIn(refusals);
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

    /** What external hooks are told about the model; {@code servedName} is the name the backend answers to. */
    private Map<String, Object> modelDescription(Optional<String> servedName) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (model != null && !backend.equals("openai")) {
            m.put("path", Path.of(model).toAbsolutePath().toString());
        }
        if (endpoint != null) {
            m.put("endpoint", endpoint);
        }
        if (backend.equals("openai")) {
            servedName.or(() -> Optional.ofNullable(modelName != null ? modelName : model)).ifPresent(n -> m.put("name", n));
        }
        m.put("backend", responses != null ? "responses" : backend);
        return m;
    }

    /** The model behind the generation and log-probability ports: in this process, or behind --endpoint. */
    private ModelBackend openModel() throws UserInputException, IOException {
        if (backend.equals("openai")) {
            return ModelBackend.openAi(uri(endpoint, "--endpoint"), Optional.ofNullable(modelName != null ? modelName : model), batchSize);
        }
        DeviceChoice choice = switch (device) {
            case "auto" -> DeviceChoice.AUTO;
            case "cpu" -> DeviceChoice.CPU;
            case "gpu" -> DeviceChoice.GPU;
            default -> throw new UserInputException("--device must be auto, cpu or gpu, not '" + device + "'");
        };
        return ModelBackend.embedded(Path.of(model), choice, modelThreads, batchSize);
    }

    private static URI uri(String url, String option) throws UserInputException {
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
                throw new URISyntaxException(url, "not an http(s) URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new UserInputException(option + " " + url + ": give an http(s) URL such as http://127.0.0.1:8000/v1");
        }
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
