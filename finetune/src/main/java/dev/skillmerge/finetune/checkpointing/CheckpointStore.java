package dev.skillmerge.finetune.checkpointing;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.OutputFolder;
import dev.skillmerge.checkpoint.safetensors.SafetensorsWriter;
import dev.skillmerge.checkpoint.safetensors.TensorOutput;
import dev.skillmerge.checkpoint.tensor.TensorSpec;
import dev.skillmerge.finetune.output.ArrayTensors;
import dev.skillmerge.finetune.train.AdamW;
import dev.skillmerge.finetune.train.Trainable;
import dev.skillmerge.finetune.train.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder a run keeps beside its output while it trains: {@value #SETTINGS} (what the run is, so a
 * resume can check it continues the same run), the live {@value #METRICS}, and checkpoints
 * {@code step-00000100/} holding the trainable tensors, AdamW's moments (float32 safetensors, under
 * PyTorch's state names exp_avg / exp_avg_sq) and {@value #STATE}. Each checkpoint is written into a
 * temporary folder and renamed into place when complete, so the newest complete one is always usable,
 * whenever the run was killed; older ones beyond {@code keep} are deleted.
 */
public final class CheckpointStore {
    public static final String SETTINGS = "run.json";
    public static final String METRICS = "metrics.jsonl";
    public static final String STATE = "state.json";
    static final String TRAINABLES = "trainables.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";
    private static final Pattern STEP = Pattern.compile("step-(\\d+)");

    private final Path dir;
    private final int keep;

    private CheckpointStore(Path dir, int keep) {
        this.dir = dir;
        this.keep = keep;
    }

    public static CheckpointStore open(Path dir, int keep) throws IOException {
        Files.createDirectories(dir);
        return new CheckpointStore(dir, Math.max(1, keep));
    }

    public Path dir() {
        return dir;
    }

    public Path metricsFile() {
        return dir.resolve(METRICS);
    }

    /** The run's settings as recorded when it started, if it did. */
    public Optional<JsonNode> settings() throws UserInputException, IOException {
        Path file = dir.resolve(SETTINGS);
        return Files.isRegularFile(file) ? Optional.of(Json.readObject(file)) : Optional.empty();
    }

    public void writeSettings(ObjectNode settings) throws IOException {
        Json.write(dir.resolve(SETTINGS), settings);
    }

    /** Complete checkpoints, oldest first. */
    public List<Path> checkpoints() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> STEP.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p.resolve(STATE)))
                    .sorted(Comparator.comparingLong(CheckpointStore::stepOf)).toList();
        }
    }

    private static long stepOf(Path folder) {
        Matcher m = STEP.matcher(folder.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    public Optional<Checkpoint> latest() throws UserInputException, IOException {
        List<Path> all = checkpoints();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        Path folder = all.getLast();
        JsonNode state = Json.readObject(folder.resolve(STATE));
        return Optional.of(new Checkpoint(folder, TrainingState.fromJson(state.path("training")), state.path("optimizer_updates").asLong(),
                state.path("metrics_bytes").asLong()));
    }

    /** Writes a checkpoint of the state after {@code state.step()} steps; the metrics log must be flushed. */
    public Path save(TrainingState state, List<Trainable> trainables, AdamW optimizer) throws UserInputException, IOException {
        Path target = dir.resolve(String.format("step-%08d", state.step()));
        try (OutputFolder out = OutputFolder.create(target, true, List.of())) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (Trainable t : trainables) {
                tensors.put(t.name(), t.value());
            }
            write(out.dir().resolve(TRAINABLES), tensors);
            Map<String, NDArray> moments = new LinkedHashMap<>();
            List<NDArray> first = optimizer.firstMoments();
            List<NDArray> second = optimizer.secondMoments();
            for (int i = 0; i < trainables.size(); i++) {
                moments.put("exp_avg." + trainables.get(i).name(), first.get(i));
                moments.put("exp_avg_sq." + trainables.get(i).name(), second.get(i));
            }
            write(out.dir().resolve(OPTIMIZER), moments);
            ObjectNode json = Json.MAPPER.createObjectNode();
            json.set("training", state.json());
            json.put("optimizer_updates", optimizer.updates());
            json.put("metrics_bytes", Files.isRegularFile(metricsFile()) ? Files.size(metricsFile()) : 0);
            Json.write(out.dir().resolve(STATE), json);
            out.commit();
        }
        prune();
        return target;
    }

    private static void write(Path file, Map<String, NDArray> tensors) throws IOException {
        List<TensorSpec> specs = new ArrayList<>();
        tensors.forEach((name, array) -> specs.add(ArrayTensors.spec(name, array, DType.F32)));
        try (SafetensorsWriter writer = SafetensorsWriter.create(file, specs, Map.of("format", "pt"))) {
            for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
                try (TensorOutput o = writer.open(e.getKey())) {
                    ArrayTensors.write(e.getValue(), o);
                }
            }
        }
    }

    private void prune() throws IOException {
        List<Path> all = checkpoints();
        for (int i = 0; i < all.size() - keep; i++) {
            deleteTree(all.get(i));
        }
    }

    /** Removes the whole folder: the run finished and its output holds the result. */
    public void delete() throws IOException {
        deleteTree(dir);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A complete checkpoint and what resuming from it restores. */
    public record Checkpoint(Path folder, TrainingState state, long optimizerUpdates, long metricsBytes) {
        /** Copies the saved trainables and moments into the run's arrays, checking every name and size. */
        public void restore(List<Trainable> trainables, AdamW optimizer) throws UserInputException, IOException {
            Map<String, float[]> values = ArrayTensors.read(folder.resolve(TRAINABLES));
            Map<String, float[]> moments = ArrayTensors.read(folder.resolve(OPTIMIZER));
            List<float[]> first = new ArrayList<>();
            List<float[]> second = new ArrayList<>();
            for (Trainable t : trainables) {
                float[] v = values.get(t.name());
                float[] m = moments.get("exp_avg." + t.name());
                float[] s = moments.get("exp_avg_sq." + t.name());
                if (v == null || m == null || s == null || v.length != t.value().size()) {
                    throw UserInputException.about(folder, "has no saved '" + t.name() + "' of " + t.value().getShape()
                            + "; it belongs to another run");
                }
                dev.skillmerge.finetune.train.Values.overwrite(t.value(), v);
                first.add(m);
                second.add(s);
            }
            optimizer.restore(optimizerUpdates, first, second);
        }
    }
}
