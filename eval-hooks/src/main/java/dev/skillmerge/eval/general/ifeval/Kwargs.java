package dev.skillmerge.eval.general.ifeval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** An instruction's kwargs object, with errors that name the missing argument. */
record Kwargs(String instructionId, JsonNode node) {
    String text(String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(instructionId + " needs a string argument \"" + key + "\"");
        }
        return v.asText();
    }

    int integer(String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException(instructionId + " needs an integer argument \"" + key + "\"");
        }
        return v.asInt();
    }

    Text.Relation relation(String key) {
        return Text.Relation.of(text(key));
    }

    List<String> texts(String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException(instructionId + " needs a list argument \"" + key + "\"");
        }
        List<String> out = new ArrayList<>();
        v.forEach(e -> out.add(e.asText()));
        return out;
    }
}
