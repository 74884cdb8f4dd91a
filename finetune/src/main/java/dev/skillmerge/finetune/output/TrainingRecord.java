package dev.skillmerge.finetune.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.finetune.data.Dataset;
import dev.skillmerge.finetune.data.Mixture;
import dev.skillmerge.finetune.recipe.Recipe;
import dev.skillmerge.finetune.train.LoraSettings;
import dev.skillmerge.finetune.train.StepPlan;
import dev.skillmerge.finetune.train.TrainingState;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code training.json}, written beside every trained model: where it started (the base's fingerprint,
 * its lineage for task vectors), what it learned from and what that cost. The taskvectors module reads
 * {@code base_model.fingerprint}, {@code dataset.examples} (|D| in the paper's weight heuristic
 * w = |D| / |G|: examples of one epoch of the mixture), {@code dataset.tokens} and {@code steps}
 * (docs/design.md, "Task vectors"); comparisons of RT, CFT and merging read the cost fields.
 * <pre>
 * {"base_model": {"path": "...", "fingerprint": "..."},
 *  "dataset": {"name": "science", "examples": 2000, "tokens": 171234},
 *  "datasets": [{"name": "science", "path": "...", "weight": 1.0, "lines": 2100, "examples": 2000, "examples_per_epoch": 2000,
 *                "tokens": 171234, "trained_tokens": 60231, "held_out": 100, "skipped_long": 0}],
 *  "steps": 126, "epochs": 2.0, "tokens": 342468, "trained_tokens": 120462, "wall_seconds": 20.4,
 *  "final_loss": 0.31, "final_eval_loss": 0.35, "recipe": {...}, "lora": null, "device": "cpu()", "trainer": "skillmerge finetune"}
 * </pre>
 */
public final class TrainingRecord {
    public static final String FILE_NAME = "training.json";

    private TrainingRecord() {
    }

    public static ObjectNode json(String basePath, String baseFingerprint, Mixture mixture, int evaluationExamples, Recipe recipe,
                                  Optional<LoraSettings> lora, StepPlan plan, TrainingState state, String device) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode base = root.putObject("base_model");
        base.put("path", basePath);
        base.put("fingerprint", baseFingerprint);
        ObjectNode dataset = root.putObject("dataset");
        dataset.put("name", mixture.datasets().stream().map(Dataset::name).collect(Collectors.joining("+")));
        dataset.put("examples", mixture.examplesPerEpoch());
        dataset.put("tokens", mixture.tokensPerEpoch());
        ArrayNode list = root.putArray("datasets");
        for (Dataset d : mixture.datasets()) {
            ObjectNode o = list.addObject();
            o.put("name", d.name());
            o.put("path", d.spec().file().toAbsolutePath().normalize().toString());
            o.put("weight", d.spec().weight());
            o.put("lines", d.samples());
            o.put("examples", d.train().size());
            o.put("examples_per_epoch", mixture.examplesPerEpoch(d));
            o.put("tokens", d.tokens());
            o.put("trained_tokens", d.trainedTokens());
            o.put("held_out", d.heldOut().size());
            o.put("skipped_long", d.skippedLong());
        }
        root.put("evaluation_examples", evaluationExamples);
        root.put("steps", state.step());
        root.put("epochs", plan.epochs());
        root.put("tokens", state.tokens());
        root.put("trained_tokens", state.trainedTokens());
        root.put("wall_seconds", state.seconds());
        putFinite(root, "final_loss", state.lastLoss());
        putFinite(root, "final_eval_loss", state.lastEvalLoss());
        root.set("recipe", recipe.json());
        if (lora.isPresent()) {
            root.set("lora", lora.get().json());
        } else {
            root.putNull("lora");
        }
        root.put("device", device);
        root.put("trainer", "skillmerge finetune");
        return root;
    }

    private static void putFinite(ObjectNode o, String field, double value) {
        if (Double.isFinite(value)) {
            o.put(field, value);
        } else {
            o.putNull(field);
        }
    }
}
