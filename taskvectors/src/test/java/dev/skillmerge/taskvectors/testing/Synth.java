package dev.skillmerge.taskvectors.testing;

import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.checkpoint.synth.SynthShape;
import dev.skillmerge.checkpoint.synth.SyntheticCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small synthetic Llama-shaped checkpoints (2 layers, hidden 128) and experts of them, for end-to-end tests. */
public final class Synth {
    public static final SynthShape SHAPE = new SynthShape(256, 128, 256, 2, 2, 2, false);

    private Synth() {
    }

    public static Path base(Path dir, DType dtype) throws Exception {
        Files.createDirectories(dir);
        SyntheticCheckpoint.writeBase(SHAPE, dtype, 0, Long.MAX_VALUE, 2, dir, Progress.silent(0, 0));
        return dir;
    }

    /** The model at {@code like} plus uniform noise of standard deviation {@code noise}. */
    public static Path expert(Path like, Path dir, long seed, float noise) throws Exception {
        Files.createDirectories(dir);
        try (ModelFolder base = ModelFolder.open(like)) {
            SyntheticCheckpoint.writeExpert(base, noise, seed, Long.MAX_VALUE, 2, dir, Progress.silent(0, 0));
        }
        return dir;
    }
}
