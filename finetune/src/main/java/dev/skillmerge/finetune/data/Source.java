package dev.skillmerge.finetune.data;

import java.nio.file.Path;

/** Where a training example came from: its file and line (1-based), as every data error names it. */
public record Source(Path file, int line) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
