package dev.skillmerge.checkpoint.hf;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code model.safetensors.index.json}: which shard file holds each tensor ({@code weight_map}) and the
 * total tensor bytes ({@code metadata.total_size}).
 */
public record ShardIndex(long totalSize, Map<String, String> weightMap) {
    public static final String FILE_NAME = "model.safetensors.index.json";

    public ShardIndex {
        weightMap = Map.copyOf(weightMap);
    }

    public static ShardIndex read(Path file) throws UserInputException, IOException {
        JsonNode root = Json.readObject(file);
        JsonNode map = root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw UserInputException.about(file, "has no weight_map object");
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw UserInputException.about(file, "weight_map entry '" + e.getKey() + "' is not a file name");
            }
            String shard = e.getValue().textValue();
            if (shard.contains("/") || shard.contains("\\") || shard.equals("..")) {
                throw UserInputException.about(file, "weight_map entry '" + e.getKey() + "' points outside the folder: " + shard);
            }
            weightMap.put(e.getKey(), shard);
        }
        JsonNode total = root.path("metadata").path("total_size");
        return new ShardIndex(total.canConvertToLong() ? total.asLong() : -1, weightMap);
    }

    /** Writes the index as transformers does: weight_map sorted by tensor name. */
    public void write(Path file) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.putObject("metadata").put("total_size", totalSize);
        ObjectNode map = root.putObject("weight_map");
        new TreeMap<>(weightMap).forEach(map::put);
        Json.write(file, root);
    }
}
