package dev.skillmerge.finetune.run;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.OutputFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.progress.ProgressSettings;
import dev.skillmerge.finetune.checkpointing.CheckpointStore;
import dev.skillmerge.finetune.data.Dataset;
import dev.skillmerge.finetune.data.DatasetSpec;
import dev.skillmerge.finetune.data.Example;
import dev.skillmerge.finetune.data.ExampleEncoder;
import dev.skillmerge.finetune.data.Mixture;
import dev.skillmerge.finetune.output.AdapterWriter;
import dev.skillmerge.finetune.output.ModelWriter;
import dev.skillmerge.finetune.output.TrainingRecord;
import dev.skillmerge.finetune.recipe.Recipe;
import dev.skillmerge.finetune.report.MetricsLog;
import dev.skillmerge.finetune.report.ProgressLine;
import dev.skillmerge.finetune.train.FullParameters;
import dev.skillmerge.finetune.train.LoraParameters;
import dev.skillmerge.finetune.train.NativeHeap;
import dev.skillmerge.finetune.train.OpenMpWaitPolicy;
import dev.skillmerge.finetune.train.StepPlan;
import dev.skillmerge.finetune.train.Trainer;
import dev.skillmerge.finetune.train.TrainableParameters;
import dev.skillmerge.finetune.train.TrainingListener;
import dev.skillmerge.finetune.train.TrainingState;
import dev.skillmerge.runtime.chat.ChatTemplate;
import dev.skillmerge.runtime.engine.TorchEngine;
import dev.skillmerge.runtime.model.LlamaConfig;
import dev.skillmerge.runtime.model.LlamaModel;
import dev.skillmerge.runtime.tokenizer.TextTokenizer;
import dev.skillmerge.runtime.tokenizer.TokenizerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One {@code skillmerge finetune} run from start to output: read and check the data (before loading the
 * model, so a bad line fails in seconds), load the base, train (resuming from the newest checkpoint when
 * asked, after checking the checkpoints belong to the same run), and write the model or adapter with its
 * training record into the output folder, which appears only when everything is written.
 */
public final class FinetuneRun {
    /** Largest weight shard of a written model, as Hugging Face's save_pretrained default. */
    static final long SHARD_BYTES = 5_000_000_000L;

    private FinetuneRun() {
    }

    public record Result(Path output, TrainingState state, long totalSteps, int examplesPerEpoch) {
    }

    public static Result run(FinetuneSettings s, TrainingListener extraListener) throws UserInputException, IOException {
        OpenMpWaitPolicy.passiveUnlessSet();
        TorchEngine.start(s.threads());
        NativeHeap.keepFreedMemory();
        Device device = TorchEngine.device(s.device());
        List<Path> inputs = new ArrayList<>();
        inputs.add(s.base());
        s.data().forEach(d -> inputs.add(d.file()));
        inputs.addAll(s.evalData());
        try (ModelFolder base = ModelFolder.open(s.base())) {
            if (!base.isFolder() || base.config().isEmpty()) {
                throw UserInputException.about(s.base(), "is not a model folder with config.json; finetune starts from a Hugging Face"
                        + " Llama-family folder (skillmerge init makes a new one)");
            }
            LlamaConfig config = LlamaConfig.from(base.config().get(), base.root().resolve(ModelFolder.CONFIG));
            Recipe recipe = fitToContext(s.recipe(), config.context());
            try (OutputFolder out = OutputFolder.create(s.output(), s.force(), inputs);
                 TextTokenizer tokenizer = TextTokenizer.open(base.root())) {
                TokenizerConfig tc = TokenizerConfig.read(base.root());
                ChatTemplate template = template(s.template(), tc);
                OptionalInt eos = tc.eosToken().map(tokenizer::tokenId).orElse(OptionalInt.empty());
                ExampleEncoder encoder = new ExampleEncoder(tokenizer, template, eos, recipe.maxSeqLen(), s.longExamples());
                TrainingData data = TrainingData.read(s, encoder, recipe);
                Mixture mixture = data.mixture();
                StepPlan plan = data.plan();
                ObjectNode identity = identity(s, recipe, base, template);
                CheckpointStore store = checkpointStore(s, identity);
                Optional<CheckpointStore.Checkpoint> checkpoint = s.resume() ? store.latest() : Optional.empty();
                if (s.resume() && checkpoint.isEmpty()) {
                    note("no checkpoint in " + store.dir() + " yet; starting from step 0");
                }
                note(String.format("%d examples per epoch, %d steps of %d examples, %s", mixture.examplesPerEpoch(), plan.totalSteps(),
                        recipe.batchSize(), s.lora().map(l -> "LoRA rank " + l.rank()).orElse("full fine-tuning")));
                TrainingState state;
                try (NDManager manager = TorchEngine.get().newBaseManager(device);
                     LlamaModel model = load(base, manager);
                     TrainableParameters parameters = s.lora().isPresent()
                             ? new LoraParameters(model.weights(), s.lora().get(), recipe.seed(), manager)
                             : new FullParameters(model.weights())) {
                    try (MetricsLog metrics = MetricsLog.open(store.metricsFile(), checkpoint.map(CheckpointStore.Checkpoint::metricsBytes).orElse(0L))) {
                        TrainingListener listener = TrainingListener.all(metrics, ProgressLine.toStderr((int) Math.ceil(plan.epochs())), extraListener);
                        Trainer trainer = new Trainer(model, parameters, recipe, plan, data.evaluation(), s.evalEvery(), Optional.of(store),
                                s.checkpointEvery(), listener);
                        state = TrainingState.START;
                        if (checkpoint.isPresent()) {
                            state = trainer.resume(checkpoint.get());
                            note("resuming after step " + state.step() + " from " + checkpoint.get().folder());
                        } else {
                            store.writeSettings(identity);
                        }
                        state = trainer.run(state);
                    }
                    if (parameters instanceof LoraParameters lora) {
                        AdapterWriter.write(lora, base.root().toAbsolutePath().normalize().toString(), out.dir());
                    } else {
                        ModelWriter.write(model.weights(), base, s.dtype(), SHARD_BYTES, out.dir());
                    }
                    Json.write(out.dir().resolve(TrainingRecord.FILE_NAME), TrainingRecord.json(base.root().toAbsolutePath().normalize().toString(),
                            base.fingerprint(), mixture, data.evaluation().size(), recipe, s.lora(), plan, state, device.toString()));
                    Files.copy(store.metricsFile(), out.dir().resolve(CheckpointStore.METRICS), StandardCopyOption.REPLACE_EXISTING);
                }
                out.commit();
                if (!s.keepCheckpoints()) {
                    store.delete();
                }
                return new Result(out.target(), state, plan.totalSteps(), mixture.examplesPerEpoch());
            }
        }
    }

    /** The run's data, read, checked and tokenized before the model loads: a bad line fails in seconds. */
    record TrainingData(Mixture mixture, List<Example> evaluation, StepPlan plan) {
        static TrainingData read(FinetuneSettings s, ExampleEncoder encoder, Recipe recipe) throws UserInputException, IOException {
            List<Dataset> datasets = new ArrayList<>();
            for (DatasetSpec spec : s.data()) {
                note("reading " + spec.file());
                datasets.add(Dataset.load(spec, encoder, s.evalSplit(), recipe.seed()));
            }
            Mixture mixture = new Mixture(datasets, recipe.seed());
            List<Example> evaluation = new ArrayList<>(mixture.heldOut());
            for (Path file : s.evalData()) {
                note("reading " + file);
                evaluation.addAll(Dataset.load(new DatasetSpec(file, 1.0), encoder, 0, recipe.seed()).train());
            }
            return new TrainingData(mixture, evaluation, new StepPlan(mixture, recipe.batchSize(), recipe.epochs(), recipe.maxSteps()));
        }
    }

    /** The longest sequence is at most the model's context; the paper's 4096 on a 512-position model becomes 512. */
    static Recipe fitToContext(Recipe recipe, int context) {
        if (recipe.maxSeqLen() <= context) {
            return recipe;
        }
        note("--max-seq-len " + recipe.maxSeqLen() + " is beyond the model's " + context + " positions; using " + context);
        return recipe.withMaxSeqLen(context);
    }

    static ChatTemplate template(TemplateChoice choice, TokenizerConfig tc) {
        String bos = tc.bosToken().orElse("");
        String eos = tc.eosToken().orElse("");
        if (choice == TemplateChoice.MODEL && tc.chatTemplate().isPresent()) {
            return new ChatTemplate("tokenizer_config.json", tc.chatTemplate().get(), true, bos, eos);
        }
        return ChatTemplate.tulu(bos, eos);
    }

    private static LlamaModel load(ModelFolder base, NDManager manager) throws UserInputException, IOException {
        try (Progress progress = Progress.start("load " + base.root().getFileName(), "tensors", base.tensors().size(), base.totalBytes())) {
            return LlamaModel.load(base, manager, progress);
        }
    }

    /**
     * What makes two runs the same run, for --resume: the base weights, the data files' contents and
     * weights, and every setting that changes the result. The device, threads, output dtype and the
     * evaluation and checkpoint cadence do not.
     */
    static ObjectNode identity(FinetuneSettings s, Recipe recipe, ModelFolder base, ChatTemplate template) throws IOException {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("base_fingerprint", base.fingerprint());
        ArrayNode data = o.putArray("data");
        for (DatasetSpec d : s.data()) {
            ObjectNode entry = data.addObject();
            entry.put("file", d.file().toAbsolutePath().normalize().toString());
            entry.put("weight", d.weight());
            entry.put("sha256", sha256(d.file()));
        }
        ArrayNode eval = o.putArray("eval_data");
        for (Path file : s.evalData()) {
            eval.add(sha256(file));
        }
        o.put("eval_split", s.evalSplit());
        o.set("recipe", recipe.json());
        if (s.lora().isPresent()) {
            o.set("lora", s.lora().get().json());
        } else {
            o.putNull("lora");
        }
        o.put("chat_template", template.source());
        o.put("long_examples", s.longExamples().name());
        return o;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The checkpoint folder for this run: resuming checks that its recorded settings are this run's; a fresh
     * run refuses to overwrite another run's checkpoints unless forced.
     */
    static CheckpointStore checkpointStore(FinetuneSettings s, ObjectNode identity) throws UserInputException, IOException {
        CheckpointStore store = CheckpointStore.open(s.checkpointDir(), 1);
        Optional<JsonNode> recorded = store.settings();
        if (s.resume()) {
            // compared as read back from JSON text, where a long 0 and an int 0 are the same number
            JsonNode current = withoutLocations(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(identity)));
            if (recorded.isPresent() && !withoutLocations(recorded.get()).equals(current)) {
                throw UserInputException.about(store.dir(), "holds checkpoints of a run with other settings ("
                        + firstDifference(withoutLocations(recorded.get()), current)
                        + " differs); resume with the same command line, or start over with --force");
            }
            return store;
        }
        if (!store.checkpoints().isEmpty()) {
            if (!s.force()) {
                throw UserInputException.about(store.dir(), "holds checkpoints of an earlier run; continue it with --resume,"
                        + " or start over with --force");
            }
            store.delete();
            store = CheckpointStore.open(s.checkpointDir(), 1);
        }
        return store;
    }

    /**
     * The identity without the data files' paths, which run.json keeps for people to read: a work folder
     * moved or reached through another path holds the same data (the sha256 says so) and resumes.
     */
    static JsonNode withoutLocations(JsonNode identity) {
        JsonNode copy = identity.deepCopy();
        for (JsonNode entry : copy.path("data")) {
            if (entry instanceof ObjectNode o) {
                o.remove("file");
            }
        }
        return copy;
    }

    static String firstDifference(JsonNode a, JsonNode b) {
        for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().equals(a.get(e.getKey()))) {
                return e.getKey();
            }
        }
        return "a setting";
    }

    private static void note(String line) {
        if (!ProgressSettings.quiet()) {
            System.err.println("finetune: " + line);
        }
    }
}
