package dev.skillmerge.merge.output;

import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.merge.plan.MergePlan;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The README.md of a merged model, as the Hugging Face hub reads it: YAML front matter listing the
 * merged models under base_model (base first, mergekit's convention) with tags merge and skillmerge;
 * the body names the method, each input with the sha256 fingerprint of its weights (headers and sampled data), and the
 * config verbatim.
 */
public final class ModelCard {
    private ModelCard() {
    }

    public static String render(MergePlan plan) throws IOException {
        StringBuilder s = new StringBuilder("---\n");
        s.append("base_model:\n");
        List<String> refs = plan.config().modelReferences();
        for (String ref : refs) {
            s.append("- ").append(yamlString(ref)).append('\n');
        }
        s.append("library_name: transformers\n");
        s.append("tags:\n- merge\n- skillmerge\n");
        s.append("---\n\n");
        s.append("# Merged model\n\n");
        s.append("Merged with [skillmerge](https://github.com/skillmerge) using the **").append(plan.method().name()).append("** method");
        plan.config().baseModel().ifPresent(b -> s.append(", with `").append(b).append("` as the base"));
        s.append(".\n\n## Models merged\n\n");
        s.append("| model | weights fingerprint (sha256 of headers and sampled data) |\n|---|---|\n");
        for (Map.Entry<String, ModelFolder> e : orderedModels(plan, refs)) {
            s.append("| `").append(e.getKey()).append("` | `").append(e.getValue().fingerprint()).append("` |\n");
        }
        s.append("\n## Configuration\n\nThe merge configuration, verbatim:\n\n```yaml\n").append(plan.config().text().strip()).append("\n```\n");
        return s.toString();
    }

    private static List<Map.Entry<String, ModelFolder>> orderedModels(MergePlan plan, List<String> refs) {
        return refs.stream().map(r -> Map.entry(r, plan.models().get(r))).toList();
    }

    private static String yamlString(String value) {
        return value.matches("[A-Za-z0-9_./-]+") ? value : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
