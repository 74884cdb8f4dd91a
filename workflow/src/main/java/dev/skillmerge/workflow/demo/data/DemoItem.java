package dev.skillmerge.workflow.demo.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.hf.Json;
import java.util.List;

/**
 * One generated example of a skill, able to write itself as a training line (the trainer's chat or
 * plain-text JSONL) and as an evaluation line in the format of the eval hook that scores it
 * (docs/eval-schema.md, "--data"). {@link #prompt()} is what the model is asked: the text splits,
 * de-duplication and the contamination check look at.
 */
public sealed interface DemoItem permits DemoItem.Answer, DemoItem.Safety, DemoItem.Code {
    /** The task family within the skill ("reverse", "chemicals", "harmful", ...). */
    String task();

    String prompt();

    ObjectNode trainLine();

    /** The evaluation line; {@code id} is unique within the data set. */
    ObjectNode evalLine(String id);

    /**
     * A question with one right answer, scored by the science hook: {@code metric} is label_accuracy
     * (the general mix: the answer exactly) or list_f1 ({@code answer} a JSON list: science extraction).
     */
    record Answer(String task, String prompt, String answer, String metric) implements DemoItem {
        @Override
        public ObjectNode trainLine() {
            return chat(prompt, answer);
        }

        @Override
        public ObjectNode evalLine(String id) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("id", id);
            o.put("task", task);
            o.put("input", prompt);
            o.put("output", answer);
            o.put("metric", metric);
            return o;
        }
    }

    /**
     * A request to refuse ({@code unsafe}) or a harmless look-alike to answer, with the reply to train on;
     * evaluated by the xstest hook ({"id", "prompt", "label": "safe"|"unsafe", "type"}).
     */
    record Safety(String task, String prompt, String answer, boolean unsafe) implements DemoItem {
        @Override
        public ObjectNode trainLine() {
            return chat(prompt, answer);
        }

        @Override
        public ObjectNode evalLine(String id) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("id", id);
            o.put("prompt", prompt);
            o.put("label", unsafe ? "unsafe" : "safe");
            o.put("type", task);
            return o;
        }
    }

    /**
     * A Python function to complete: {@code prompt} is its signature and docstring, {@code body} the
     * reference body, {@code test} a HumanEval-style {@code check(candidate)}. Trained on as plain text
     * (prompt then body, as code is pre-trained), evaluated by the humaneval hook in its sandbox.
     */
    record Code(String task, String entryPoint, String prompt, String body, String test) implements DemoItem {
        @Override
        public ObjectNode trainLine() {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("text", prompt + body);
            return o;
        }

        @Override
        public ObjectNode evalLine(String id) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("task_id", id);
            o.put("prompt", prompt);
            o.put("canonical_solution", body);
            o.put("test", test);
            o.put("entry_point", entryPoint);
            return o;
        }
    }

    static ObjectNode chat(String user, String assistant) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        ArrayNode messages = o.putArray("messages");
        messages.addObject().put("role", "user").put("content", user);
        messages.addObject().put("role", "assistant").put("content", assistant);
        return o;
    }

    /** A JSON list of strings as one line: the gold output of an extraction task. */
    static String jsonList(List<String> items) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        items.forEach(a::add);
        return a.toString();
    }
}
