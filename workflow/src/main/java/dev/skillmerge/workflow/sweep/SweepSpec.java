package dev.skillmerge.workflow.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.merge.config.NearestName;
import dev.skillmerge.merge.method.MergeMethods;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sweep file: the grid of merges to try and how to judge each. Every point merges, with task
 * arithmetic or another method over {@code base_model} (the pretrained model the experts were trained
 * from), the {@code general} model at weight 1 (when given: the paper's theta_G + sum w tau) and a
 * subset of the experts at a weight; then runs the evaluator on the result.
 * <pre>
 * base_model: ./pretrained
 * general: ./general                # optional
 * experts: {science: ./experts/science, code: ./experts/code}
 * methods: [task_arithmetic, ties]
 * weights: [0.2, 0.5, 1.0]
 * densities: [0.5]                  # used by sparsifying methods only
 * subsets: [[science], [code], all] # default: each expert alone
 * eval: {hooks: "science,general", args: ["--limit", "50"]}
 * pareto: {x: gsm8k, y: science}    # metrics for the Pareto plot (default: the first two primaries)
 * output: ./sweep-out               # default: beside the sweep file, named after it
 * </pre>
 */
public record SweepSpec(
        Path file,
        String baseModel,
        Optional<String> general,
        Map<String, String> experts,
        List<String> methods,
        List<Double> weights,
        List<Double> densities,
        List<List<String>> subsets,
        long seed,
        Optional<String> dtype,
        EvalSpec eval,
        Optional<String> paretoX,
        Optional<String> paretoY,
        Path output) {

    /** How a merged model is judged: `skillmerge eval MODEL --hooks H -o RESULTS ARGS...` unless a command is given. */
    public record EvalSpec(String hooks, List<String> args, List<String> command) {
    }

    private static final List<String> KEYS = List.of("base_model", "general", "experts", "methods", "weights", "densities", "subsets",
            "seed", "dtype", "eval", "pareto", "output");

    public static SweepSpec read(Path file) throws UserInputException, IOException {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw UserInputException.about(file, "no such file");
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw UserInputException.about(file, "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw UserInputException.about(file, "must be a mapping (see skillmerge sweep --help)");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw UserInputException.about(file, "unknown key '" + key + "'" + NearestName.hint(key, KEYS));
            }
        }
        String base = text(file, root, "base_model").orElseThrow(() -> UserInputException.about(file, "needs base_model"));
        Map<String, String> experts = new LinkedHashMap<>();
        JsonNode e = root.path("experts");
        if (!e.isObject() || e.isEmpty()) {
            throw UserInputException.about(file, "needs experts: a mapping of skill name to model folder");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw UserInputException.about(file, "experts." + entry.getKey() + " must be a model folder");
            }
            experts.put(entry.getKey(), entry.getValue().textValue());
        }
        List<String> methods = strings(file, root, "methods", List.of("task_arithmetic"));
        for (String m : methods) {
            if (!MergeMethods.names().contains(m)) {
                throw UserInputException.about(file, "unknown method '" + m + "'" + NearestName.hint(m, MergeMethods.names()));
            }
        }
        List<Double> weights = numbers(file, root, "weights", List.of(1.0));
        List<Double> densities = numbers(file, root, "densities", List.of(1.0));
        for (double d : densities) {
            if (d <= 0 || d > 1) {
                throw UserInputException.about(file, "densities must lie in (0, 1], got " + d);
            }
        }
        List<List<String>> subsets = subsets(file, root.get("subsets"), experts);
        JsonNode evalNode = root.path("eval");
        if (!evalNode.isObject() || !evalNode.path("hooks").isTextual()) {
            throw UserInputException.about(file, "needs eval.hooks (e.g. \"science,general\")");
        }
        EvalSpec eval = new EvalSpec(evalNode.path("hooks").textValue(), strings(file, evalNode, "args", List.of()),
                strings(file, evalNode, "command", List.of()));
        JsonNode pareto = root.path("pareto");
        Path output = text(file, root, "output").map(Path::of)
                .orElse(file.toAbsolutePath().resolveSibling(file.getFileName().toString().replaceFirst("\\.ya?ml$", "") + "-out"));
        return new SweepSpec(file, base, text(file, root, "general"), experts, methods, weights, densities, subsets,
                root.path("seed").asLong(0), text(file, root, "dtype"), eval,
                pareto.path("x").isTextual() ? Optional.of(pareto.path("x").textValue()) : Optional.empty(),
                pareto.path("y").isTextual() ? Optional.of(pareto.path("y").textValue()) : Optional.empty(), output);
    }

    private static List<List<String>> subsets(Path file, JsonNode node, Map<String, String> experts) throws UserInputException {
        List<List<String>> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            experts.keySet().forEach(k -> out.add(List.of(k)));
            return out;
        }
        if (!node.isArray()) {
            throw UserInputException.about(file, "subsets must be a list of expert lists or 'all'");
        }
        for (JsonNode s : node) {
            if (s.isTextual() && s.textValue().equals("all")) {
                out.add(List.copyOf(experts.keySet()));
                continue;
            }
            if (!s.isArray() || s.isEmpty()) {
                throw UserInputException.about(file, "each subset is a non-empty list of expert names or 'all', got " + s);
            }
            List<String> subset = new ArrayList<>();
            for (JsonNode name : s) {
                if (!experts.containsKey(name.asText())) {
                    throw UserInputException.about(file, "subset names unknown expert '" + name.asText() + "'"
                            + NearestName.hint(name.asText(), experts.keySet()));
                }
                subset.add(name.asText());
            }
            out.add(List.copyOf(subset));
        }
        return out;
    }

    private static Optional<String> text(Path file, JsonNode node, String key) throws UserInputException {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw UserInputException.about(file, key + " must be a string");
        }
        return Optional.of(v.asText());
    }

    private static List<String> strings(Path file, JsonNode node, String key, List<String> fallback) throws UserInputException {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isTextual()) {
            return List.of(v.textValue());
        }
        if (!v.isArray()) {
            throw UserInputException.about(file, key + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        v.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static List<Double> numbers(Path file, JsonNode node, String key, List<Double> fallback) throws UserInputException {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isNumber()) {
            return List.of(v.doubleValue());
        }
        if (!v.isArray() || v.isEmpty()) {
            throw UserInputException.about(file, key + " must be a number or a non-empty list of numbers");
        }
        List<Double> out = new ArrayList<>();
        for (JsonNode x : v) {
            if (!x.isNumber()) {
                throw UserInputException.about(file, key + " must hold numbers, got " + x);
            }
            out.add(x.doubleValue());
        }
        return out;
    }
}
