package dev.skillmerge.eval.safety;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.eval.data.JsonLine;
import dev.skillmerge.eval.data.Jsonl;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A response with a hand label, from the labelled set shipped with the classifier
 * ({@code refusal-labelled.jsonl}: 160 responses written and labelled by the skillmerge project, split into
 * "dev", used while writing the phrase rules, and "test", held out from that work).
 */
public record LabelledResponse(String id, String split, String prompt, String response, ResponseClass label) {
    public static final String RESOURCE = "refusal-labelled.jsonl";

    public static List<LabelledResponse> shipped() throws IOException, UserInputException {
        InputStream in = LabelledResponse.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IOException(RESOURCE + " is missing from the eval-hooks jar");
        }
        List<LabelledResponse> out = new ArrayList<>();
        for (JsonLine l : Jsonl.read(in, RESOURCE, false)) {
            out.add(new LabelledResponse(l.text("id"), l.text("split"), l.text("prompt"), l.text("response"), ResponseClass.ofLabel(l.text("label"))));
        }
        return out;
    }
}
