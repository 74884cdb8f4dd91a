package dev.skillmerge.eval.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * One JSON object from a JSONL file, with its origin ("file:line") so that every field error names the place
 * a user must fix.
 */
public record JsonLine(String origin, ObjectNode node) {
    public UserInputException problem(String what) {
        return new UserInputException(origin + ": " + what);
    }

    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    public String text(String field) throws UserInputException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw problem("needs a string field \"" + field + "\"");
        }
        return v.asText();
    }

    /** A string, or a number written as one: benchmark ids come both ways (IFEval's "key" is a number). */
    public String id(String field) throws UserInputException {
        JsonNode v = node.get(field);
        if (v != null && (v.isTextual() || v.isIntegralNumber())) {
            return v.asText();
        }
        throw problem("needs an id field \"" + field + "\" (a string or an integer)");
    }

    public String textOr(String field, String fallback) throws UserInputException {
        return has(field) ? text(field) : fallback;
    }

    public long integer(String field) throws UserInputException {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw problem("needs an integer field \"" + field + "\"");
        }
        return v.asLong();
    }

    public double number(String field) throws UserInputException {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw problem("needs a number field \"" + field + "\"");
        }
        return v.asDouble();
    }

    public JsonNode array(String field) throws UserInputException {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            throw problem("needs an array field \"" + field + "\"");
        }
        return v;
    }

    public List<String> texts(String field) throws UserInputException {
        List<String> out = new ArrayList<>();
        for (JsonNode e : array(field)) {
            if (!e.isTextual()) {
                throw problem("\"" + field + "\" must hold strings only");
            }
            out.add(e.asText());
        }
        return out;
    }
}
