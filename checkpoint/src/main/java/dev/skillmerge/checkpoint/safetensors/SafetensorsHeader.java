package dev.skillmerge.checkpoint.safetensors;

import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.checkpoint.tensor.TensorInfo;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and fully validated JSON header of a safetensors file. Parsing rejects, with a one-line
 * message naming the file and tensor: malformed JSON, a non-object header, duplicate names, unknown
 * dtypes, malformed shapes or offsets, a byte range that does not match shape x dtype, ranges outside
 * the data section, overlapping ranges, gaps between ranges, and non-string metadata values.
 */
public record SafetensorsHeader(List<TensorInfo> tensors, Map<String, String> metadata) {
    /** The reference implementation refuses headers over 100 MB; so do we. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final JsonMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    public SafetensorsHeader {
        tensors = List.copyOf(tensors);
        metadata = Map.copyOf(metadata);
    }

    /**
     * Parses header bytes and checks every tensor against a data section of {@code dataLength} bytes.
     * The returned tensors are ordered by their position in the data section.
     */
    public static SafetensorsHeader parse(Path file, byte[] json, long dataLength) throws UserInputException {
        JsonNode root = readJson(file, json);
        if (!root.isObject()) {
            throw UserInputException.about(file, "safetensors header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorInfo> tensors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                tensors.add(readTensor(file, field.getKey(), field.getValue()));
            }
        }
        tensors.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        checkLayout(file, tensors, dataLength);
        return new SafetensorsHeader(tensors, metadata);
    }

    private static JsonNode readJson(Path file, byte[] json) throws UserInputException {
        int length = json.length;
        while (length > 0 && json[length - 1] == 0) {
            length--; // some writers pad with NUL instead of spaces
        }
        try (JsonParser parser = STRICT_JSON.createParser(json, 0, length)) {
            JsonNode node = STRICT_JSON.readTree(parser);
            if (node == null) {
                throw UserInputException.about(file, "safetensors header is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            if (message.startsWith("Duplicate field")) {
                throw UserInputException.about(file, "safetensors header names a tensor twice: " + message.substring(message.indexOf('\'')));
            }
            throw UserInputException.about(file, "safetensors header is not valid JSON: " + firstLine(message));
        } catch (java.io.IOException e) {
            throw UserInputException.about(file, "safetensors header cannot be read: " + firstLine(e.getMessage()));
        }
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> metadata) throws UserInputException {
        if (!node.isObject()) {
            throw UserInputException.about(file, "__metadata__ is not a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw UserInputException.about(file, "__metadata__ value of '" + entry.getKey() + "' is not a string");
            }
            metadata.put(entry.getKey(), entry.getValue().textValue());
        }
    }

    private static TensorInfo readTensor(Path file, String name, JsonNode node) throws UserInputException {
        String where = "tensor '" + name + "'";
        if (!(node instanceof ObjectNode entry)) {
            throw UserInputException.about(file, where + " is not a JSON object");
        }
        JsonNode dtypeNode = entry.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw UserInputException.about(file, where + " has no dtype string");
        }
        DType dtype = DType.fromSafetensorsName(dtypeNode.textValue()).orElseThrow(() ->
                UserInputException.about(file, where + " has unknown dtype '" + dtypeNode.textValue() + "'"));
        long[] dims = readLongs(file, where, entry.get("shape"), "shape", -1);
        long[] offsets = readLongs(file, where, entry.get("data_offsets"), "data_offsets", 2);
        if (offsets[0] > offsets[1]) {
            throw UserInputException.about(file, where + " has data_offsets [" + offsets[0] + ", " + offsets[1] + "] that end before they begin");
        }
        Shape shape = new Shape(dims);
        long expected;
        try {
            expected = Math.multiplyExact(shape.elementCount(), dtype.byteSize());
        } catch (ArithmeticException e) {
            throw UserInputException.about(file, where + " has absurd shape " + shape);
        }
        long actual = offsets[1] - offsets[0];
        if (expected != actual) {
            throw UserInputException.about(file, where + " has shape " + shape + " of " + dtype + " needing " + expected
                    + " bytes, but its data_offsets span " + actual);
        }
        return new TensorInfo(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] readLongs(Path file, String where, JsonNode node, String key, int requiredLength) throws UserInputException {
        if (node == null || !node.isArray() || (requiredLength >= 0 && node.size() != requiredLength)) {
            String want = requiredLength >= 0 ? "a list of " + requiredLength + " integers" : "a list of integers";
            throw UserInputException.about(file, where + " has no " + key + " (" + want + ")");
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw UserInputException.about(file, where + " has " + key + " entry " + v + " that is not a non-negative integer");
            }
            values[i] = v.longValue();
        }
        return values;
    }

    private static void checkLayout(Path file, List<TensorInfo> sorted, long dataLength) throws UserInputException {
        long cursor = 0;
        TensorInfo previous = null;
        for (TensorInfo t : sorted) {
            if (t.end() > dataLength) {
                throw UserInputException.about(file, "tensor '" + t.name() + "' has data_offsets [" + t.begin() + ", " + t.end()
                        + "] outside the data section of " + dataLength + " bytes (file truncated?)");
            }
            if (t.begin() < cursor) {
                throw UserInputException.about(file, "tensors '" + previous.name() + "' and '" + t.name() + "' overlap at bytes "
                        + t.begin() + ".." + cursor);
            }
            if (t.begin() > cursor) {
                throw UserInputException.about(file, "gap of " + (t.begin() - cursor) + " unused bytes before tensor '" + t.name() + "'");
            }
            cursor = t.end();
            previous = t;
        }
        if (cursor != dataLength) {
            throw UserInputException.about(file, (dataLength - cursor) + " unused bytes after the last tensor"
                    + (previous == null ? "" : " '" + previous.name() + "'"));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Serializes a header: tensors in the given order, metadata first, as the reference writer does. */
    public static byte[] toJson(List<TensorInfo> tensors, Map<String, String> metadata) {
        ObjectNode root = STRICT_JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        for (TensorInfo t : tensors) {
            ObjectNode entry = root.putObject(t.name());
            entry.put("dtype", t.dtype().safetensorsName());
            var shape = entry.putArray("shape");
            for (long d : t.shape().dims()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(t.begin()).add(t.end());
        }
        try {
            return STRICT_JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
