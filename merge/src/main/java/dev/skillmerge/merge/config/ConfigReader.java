package dev.skillmerge.merge.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
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
import java.util.Set;

/**
 * Reads a mergekit-style merge configuration (YAML, or JSON for a .json file) and checks its shape:
 * known keys only (nearest valid key suggested), exactly one of models/slices, well-formed parameter
 * values and layer ranges, known dtypes. Whether the method and its parameters make sense is checked
 * later, against the method (see the planner).
 */
public final class ConfigReader {
    private static final List<String> TOP_KEYS = List.of("merge_method", "base_model", "models", "slices", "parameters", "dtype",
            "out_dtype", "tokenizer_source", "tokenizer", "chat_template", "name");
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path file;

    private ConfigReader(Path file) {
        this.file = file;
    }

    public static MergeConfig read(Path file) throws UserInputException, IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw UserInputException.about(file, "no such file");
        }
        return parse(file, text);
    }

    public static MergeConfig parse(Path file, String text) throws UserInputException {
        return new ConfigReader(file).parseText(text);
    }

    private MergeConfig parseText(String text) throws UserInputException {
        JsonNode root;
        try {
            root = (file.toString().endsWith(".json") ? JSON : YAML).readTree(text);
        } catch (JacksonException e) {
            String message = e.getOriginalMessage();
            int newline = message.indexOf('\n');
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw error("not valid YAML/JSON: " + (newline < 0 ? message : message.substring(0, newline)) + where);
        }
        if (root == null || !root.isObject()) {
            throw error("must be a mapping with merge_method and models or slices");
        }
        checkKeys(root, TOP_KEYS, "top level");
        String method = requireText(root, "merge_method", "top level");
        Optional<String> base = optionalText(root, "base_model");
        boolean hasModels = root.has("models");
        boolean hasSlices = root.has("slices");
        if (hasModels == hasSlices) {
            throw error("needs exactly one of 'models' and 'slices'");
        }
        List<InputModel> models = hasModels ? readModels(root.get("models")) : List.of();
        List<SliceSpec> slices = hasSlices ? readSlices(root.get("slices")) : List.of();
        Parameters parameters = readParameters(root.get("parameters"), "top-level parameters");
        Optional<String> tokenizerSource = optionalText(root, "tokenizer_source");
        if (root.has("tokenizer")) {
            if (tokenizerSource.isPresent()) {
                throw error("give either tokenizer_source or tokenizer, not both");
            }
            tokenizerSource = readTokenizerBlock(root.get("tokenizer"));
        }
        return new MergeConfig(file, text, method, base, models, slices, parameters, dtype(root, "dtype"), dtype(root, "out_dtype"),
                tokenizerSource, optionalText(root, "chat_template"));
    }

    private Optional<String> readTokenizerBlock(JsonNode node) throws UserInputException {
        if (!node.isObject()) {
            throw error("tokenizer must be a mapping with 'source'");
        }
        checkKeys(node, List.of("source", "tokens", "pad_to_multiple_of"), "tokenizer");
        if (node.has("tokens") || node.has("pad_to_multiple_of")) {
            throw error("tokenizer.tokens and tokenizer.pad_to_multiple_of are not supported; use tokenizer.source (base or a model)");
        }
        return optionalText(node, "source");
    }

    private List<InputModel> readModels(JsonNode node) throws UserInputException {
        if (!node.isArray() || node.isEmpty()) {
            throw error("models must be a non-empty list");
        }
        List<InputModel> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            String where = "models[" + i + "]";
            if (entry.isTextual()) {
                out.add(new InputModel(entry.textValue(), Parameters.NONE));
                continue;
            }
            if (!entry.isObject()) {
                throw error(where + " must be a mapping with 'model'");
            }
            checkKeys(entry, List.of("model", "parameters"), where);
            out.add(new InputModel(requireText(entry, "model", where), readParameters(entry.get("parameters"), where + ".parameters")));
        }
        return out;
    }

    private List<SliceSpec> readSlices(JsonNode node) throws UserInputException {
        if (!node.isArray() || node.isEmpty()) {
            throw error("slices must be a non-empty list");
        }
        List<SliceSpec> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            String where = "slices[" + i + "]";
            if (!entry.isObject()) {
                throw error(where + " must be a mapping with 'sources'");
            }
            checkKeys(entry, List.of("sources", "parameters"), where);
            JsonNode sources = entry.get("sources");
            if (sources == null || !sources.isArray() || sources.isEmpty()) {
                throw error(where + ".sources must be a non-empty list");
            }
            List<SliceSource> list = new ArrayList<>();
            for (int j = 0; j < sources.size(); j++) {
                list.add(readSource(sources.get(j), where + ".sources[" + j + "]"));
            }
            int count = list.getFirst().layerCount();
            for (SliceSource s : list) {
                if (s.layerCount() != count) {
                    throw error(where + ": sources span different numbers of layers (" + count + " and " + s.layerCount() + ")");
                }
            }
            out.add(new SliceSpec(list, readParameters(entry.get("parameters"), where + ".parameters")));
        }
        return out;
    }

    private SliceSource readSource(JsonNode node, String where) throws UserInputException {
        if (!node.isObject()) {
            throw error(where + " must be a mapping with 'model' and 'layer_range'");
        }
        checkKeys(node, List.of("model", "layer_range", "parameters"), where);
        String model = requireText(node, "model", where);
        JsonNode range = node.get("layer_range");
        if (range == null || !range.isArray() || range.size() != 2 || !range.get(0).isInt() || !range.get(1).isInt()
                || range.get(0).intValue() < 0 || range.get(1).intValue() <= range.get(0).intValue()) {
            throw error(where + ".layer_range must be [start, end) with 0 <= start < end, got " + range);
        }
        return new SliceSource(model, range.get(0).intValue(), range.get(1).intValue(), readParameters(node.get("parameters"), where + ".parameters"));
    }

    private Parameters readParameters(JsonNode node, String where) throws UserInputException {
        if (node == null || node.isNull()) {
            return Parameters.NONE;
        }
        if (!node.isObject()) {
            throw error(where + " must be a mapping of parameter names to values");
        }
        Map<String, ParameterValue> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            values.put(e.getKey(), readValue(e.getValue(), where + "." + e.getKey(), true));
        }
        return new Parameters(values);
    }

    private ParameterValue readValue(JsonNode node, String where, boolean allowFilters) throws UserInputException {
        if (node.isNumber()) {
            double v = node.doubleValue();
            if (!Double.isFinite(v)) {
                throw error(where + " must be a finite number");
            }
            return new ParameterValue.Scalar(v);
        }
        if (node.isBoolean()) {
            return new ParameterValue.Scalar(node.booleanValue() ? 1 : 0);
        }
        if (node.isArray() && !node.isEmpty()) {
            if (node.get(0).isObject()) {
                if (!allowFilters) {
                    throw error(where + ": a filter entry's value cannot itself be a filter list");
                }
                List<ParameterValue.FilterEntry> entries = new ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    JsonNode e = node.get(i);
                    String at = where + "[" + i + "]";
                    if (!e.isObject() || !e.has("value")) {
                        throw error(at + " must be a mapping with 'value' and an optional 'filter'");
                    }
                    checkKeys(e, List.of("filter", "value"), at);
                    String filter = e.has("filter") && !e.get("filter").isNull() ? requireText(e, "filter", at) : null;
                    entries.add(new ParameterValue.FilterEntry(filter, readValue(e.get("value"), at + ".value", false)));
                }
                return new ParameterValue.Filtered(entries);
            }
            List<Double> points = new ArrayList<>();
            for (JsonNode p : node) {
                if (!p.isNumber() || !Double.isFinite(p.doubleValue())) {
                    throw error(where + ": a gradient must be a list of numbers, got " + p);
                }
                points.add(p.doubleValue());
            }
            return new ParameterValue.Gradient(points);
        }
        throw error(where + " must be a number, a boolean, a list of numbers (gradient) or a list of {filter, value}; got " + node);
    }

    private Optional<DType> dtype(JsonNode root, String key) throws UserInputException {
        Optional<String> text = optionalText(root, key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        DType d = DType.parse(text.get()).orElse(null);
        if (d == null || !d.isFloatingPoint()) {
            throw error(key + " '" + text.get() + "' is not a floating-point dtype (float32, bfloat16, float16, float64)");
        }
        return Optional.of(d);
    }

    private void checkKeys(JsonNode node, List<String> allowed, String where) throws UserInputException {
        Set<String> allowedSet = Set.copyOf(allowed);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowedSet.contains(key)) {
                throw error("unknown key '" + key + "' at " + where + NearestName.hint(key, allowed));
            }
        }
    }

    private String requireText(JsonNode node, String key, String where) throws UserInputException {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw error(where + " needs '" + key + "' (a string)");
        }
        return v.textValue();
    }

    private Optional<String> optionalText(JsonNode node, String key) throws UserInputException {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw error("'" + key + "' must be a string, got " + v);
        }
        return Optional.of(v.textValue());
    }

    private UserInputException error(String problem) {
        return UserInputException.about(file, problem);
    }
}
