package dev.skillmerge.taskvectors.vector;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A task vector folder: tau = theta_tuned - theta_base per floating-point tensor, stored as (sharded)
 * safetensors under the models' tensor names, plus {@link TaskVectorManifest taskvector.json}.
 */
public final class TaskVector implements AutoCloseable {
    private final ModelFolder deltas;
    private final TaskVectorManifest manifest;

    private TaskVector(ModelFolder deltas, TaskVectorManifest manifest) {
        this.deltas = deltas;
        this.manifest = manifest;
    }

    public static TaskVector open(Path folder) throws UserInputException, IOException {
        if (!Files.isDirectory(folder)) {
            throw UserInputException.about(folder, Files.exists(folder) ? "is a file, not a task vector folder" : "no such task vector folder");
        }
        if (!Files.isRegularFile(folder.resolve(TaskVectorManifest.FILE_NAME))) {
            throw UserInputException.about(folder, "not a task vector (no " + TaskVectorManifest.FILE_NAME
                    + "); make one with: skillmerge taskvector extract --base PRE --tuned EXPERT -o TV");
        }
        TaskVectorManifest manifest = TaskVectorManifest.read(folder);
        return new TaskVector(ModelFolder.open(folder), manifest);
    }

    public Path root() {
        return deltas.root();
    }

    public TaskVectorManifest manifest() {
        return manifest;
    }

    /** The deltas, in model order (embeddings first, layers in numeric order, the head last). */
    public List<StoredTensor> tensors() {
        return deltas.tensors();
    }

    public Optional<StoredTensor> tensor(String name) {
        return deltas.tensor(name);
    }

    /** Checks that {@code other} holds exactly this vector's tensor names and shapes, as arithmetic between them needs. */
    public void requireSameTensors(TaskVector other) throws UserInputException {
        for (StoredTensor t : tensors()) {
            StoredTensor o = other.tensor(t.name()).orElseThrow(() -> UserInputException.about(other.root(), "has no tensor '" + t.name()
                    + "' that " + root() + " has: the task vectors are for different architectures"));
            if (!o.shape().equals(t.shape())) {
                throw UserInputException.about(other.root(), "tensor '" + t.name() + "' is " + o.shape() + " but " + t.shape()
                        + " in " + root() + ": the task vectors are for different architectures");
            }
        }
        for (StoredTensor t : other.tensors()) {
            if (tensor(t.name()).isEmpty()) {
                throw UserInputException.about(other.root(), "has tensor '" + t.name() + "' that " + root()
                        + " lacks: the task vectors are for different architectures");
            }
        }
    }

    public long totalBytes() {
        return deltas.totalBytes();
    }

    /** Identifies these exact deltas, as {@link ModelFolder#fingerprint()} does for models. */
    public String fingerprint() throws IOException {
        return deltas.fingerprint();
    }

    @Override
    public void close() throws IOException {
        deltas.close();
    }

    @Override
    public String toString() {
        return root().toString();
    }
}
