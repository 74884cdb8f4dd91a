package dev.skillmerge.taskvectors.arithmetic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.merge.plan.PlannedTensor;
import dev.skillmerge.taskvectors.vector.Lineage;
import dev.skillmerge.taskvectors.vector.TaskVector;
import dev.skillmerge.taskvectors.vector.TrainingRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code taskvector apply}: theta = theta_general + sum_k w_k tau_k (the paper's PTM with several skills),
 * summed in float32 in that order and written in the general model's dtypes. Every task vector must
 * cover exactly the general model's floating-point tensors with the same shapes; integer tensors are
 * copied. A vector taken against a base the general model does not descend from is a warning, or an
 * error when strict. The output is a complete model folder: the general model's config and tokenizer
 * files, and {@value Lineage#APPLIED_FILE} recording what was added.
 */
public final class Application {
    /** Files of the general model that describe its own training, not the result's. */
    private static final Set<String> NOT_CARRIED = Set.of(TrainingRecord.FILE_NAME, Lineage.APPLIED_FILE);

    private final ModelFolder general;
    private final List<TaskVector> vectors;
    private final double[] weights;
    private final List<PlannedTensor> tensors;
    private final List<String> warnings;

    private Application(ModelFolder general, List<TaskVector> vectors, double[] weights, List<PlannedTensor> tensors, List<String> warnings) {
        this.general = general;
        this.vectors = vectors;
        this.weights = weights;
        this.tensors = tensors;
        this.warnings = warnings;
    }

    public static Application plan(ModelFolder general, List<TaskVector> vectors, double[] weights, boolean strict)
            throws UserInputException, IOException {
        List<String> warnings = new ArrayList<>();
        Lineage lineage = Lineage.of(general);
        // one message per foreign base, naming every vector taken against it
        Map<String, List<TaskVector>> foreign = new LinkedHashMap<>();
        for (TaskVector v : vectors) {
            if (!lineage.descendsFrom(v.manifest().base().fingerprint())) {
                foreign.computeIfAbsent(v.manifest().base().fingerprint(), b -> new ArrayList<>()).add(v);
            }
        }
        for (List<TaskVector> group : foreign.values()) {
            String problem = String.join(", ", group.stream().map(TaskVector::toString).toList()) + ": "
                    + lineage.mismatch(group.getFirst().manifest().base(), general.root(), group.size());
            if (strict) {
                throw new UserInputException(problem + " (drop --strict to apply anyway)");
            }
            warnings.add(problem + " (--strict makes this an error)");
        }
        for (TaskVector v : vectors) {
            for (StoredTensor d : v.tensors()) {
                if (general.tensor(d.name()).isEmpty()) {
                    throw UserInputException.about(v.root(), "has tensor '" + d.name() + "' that " + general.root()
                            + " lacks: the task vector is for another architecture");
                }
            }
        }
        double[] sumWeights = new double[vectors.size() + 1];
        sumWeights[0] = 1;
        System.arraycopy(weights, 0, sumWeights, 1, weights.length);
        List<PlannedTensor> tensors = new ArrayList<>();
        for (StoredTensor g : general.tensors()) {
            if (!g.dtype().isFloatingPoint()) {
                tensors.add(WeightedSum.copy(g));
                continue;
            }
            List<StoredTensor> inputs = new ArrayList<>(List.of(g));
            for (TaskVector v : vectors) {
                StoredTensor d = v.tensor(g.name()).orElseThrow(() -> UserInputException.about(v.root(), "has no tensor '" + g.name()
                        + "' that " + general.root() + " has: the task vector is for another architecture"));
                if (!d.shape().equals(g.shape())) {
                    throw UserInputException.about(v.root(), "tensor '" + g.name() + "' is " + d.shape() + " but " + g.shape() + " in "
                            + general.root() + ": the task vector is for another architecture (or a resized vocabulary)");
                }
                inputs.add(d);
            }
            tensors.add(WeightedSum.of(g, g.dtype(), inputs, sumWeights));
        }
        return new Application(general, vectors, weights.clone(), tensors, warnings);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public int tensorCount() {
        return tensors.size();
    }

    public long inputBytes() {
        return tensors.stream().mapToLong(PlannedTensor::inputBytes).sum();
    }

    public double[] weights() {
        return weights.clone();
    }

    public void run(int threads, long maxShardBytes, Path outDir, Progress progress) throws IOException, UserInputException {
        WeightedSum.run(tensors, general.root(), threads, maxShardBytes, outDir, progress);
        if (general.config().isPresent()) {
            Json.write(outDir.resolve(ModelFolder.CONFIG), general.config().get().json());
        }
        for (Path file : general.tagAlongFiles()) {
            if (!NOT_CARRIED.contains(file.getFileName().toString())) {
                Files.copy(file, outDir.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        writeRecord(outDir);
    }

    private void writeRecord(Path outDir) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode onto = root.putObject("onto");
        onto.put("path", general.root().toAbsolutePath().normalize().toString());
        onto.put("fingerprint", general.fingerprint());
        if (!vectors.isEmpty()) {
            root.put("base_fingerprint", vectors.getFirst().manifest().base().fingerprint());
        }
        ArrayNode list = root.putArray("vectors");
        for (int k = 0; k < vectors.size(); k++) {
            TaskVector v = vectors.get(k);
            list.addObject().put("path", v.root().toAbsolutePath().normalize().toString()).put("fingerprint", v.fingerprint())
                    .put("base_fingerprint", v.manifest().base().fingerprint()).put("weight", weights[k]);
        }
        Json.write(outDir.resolve(Lineage.APPLIED_FILE), root);
    }
}
