package dev.skillmerge.checkpoint.progress;

/** Whether progress lines are printed at all; the CLI's {@code --quiet} turns them off for the whole run. */
public final class ProgressSettings {
    private static volatile boolean quiet;

    private ProgressSettings() {
    }

    public static boolean quiet() {
        return quiet;
    }

    public static void setQuiet(boolean value) {
        quiet = value;
    }
}
