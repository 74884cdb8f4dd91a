package dev.skillmerge.finetune.report;

import dev.skillmerge.checkpoint.progress.ProgressSettings;
import dev.skillmerge.finetune.train.StepReport;
import dev.skillmerge.finetune.train.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Training progress on stderr, as skillmerge's other long commands show it: on a terminal one line
 * redrawn at most every second, in a log every ten seconds; evaluations and checkpoints on their own lines.
 * <pre>finetune: step 120/480 (epoch 1/2) loss 2.3140 lr 1.90e-05, 12.3k tokens/s, 3m12s left</pre>
 * Tokens per second are those of the steps since the previous line; time left extrapolates this session's
 * average step time.
 */
public final class ProgressLine implements TrainingListener {
    private final PrintStream out;
    private final boolean terminal;
    private final boolean enabled;
    private final int epochs;
    private final long sessionStart = System.nanoTime();
    private long firstStep = -1;
    private long lastPrint = System.nanoTime();
    private long windowTokens;
    private double windowSeconds;
    private StepReport last;

    public ProgressLine(PrintStream out, int epochs) {
        this.out = out;
        this.terminal = System.console() != null;
        this.enabled = !ProgressSettings.quiet();
        this.epochs = epochs;
    }

    public static ProgressLine toStderr(int epochs) {
        return new ProgressLine(System.err, epochs);
    }

    @Override
    public void onStep(StepReport r) {
        if (firstStep < 0) {
            firstStep = r.step() - 1;
        }
        windowTokens += r.tokens();
        windowSeconds += r.seconds();
        last = r;
        long now = System.nanoTime();
        if (enabled && (now - lastPrint >= (terminal ? 1_000_000_000L : 10_000_000_000L) || r.step() == r.totalSteps())) {
            print(line(r, now));
            lastPrint = now;
            windowTokens = 0;
            windowSeconds = 0;
        }
    }

    String line(StepReport r, long now) {
        double perStep = (now - sessionStart) / 1e9 / Math.max(1, r.step() - firstStep);
        String left = r.step() == r.totalSteps() ? "done" : duration((r.totalSteps() - r.step()) * perStep) + " left";
        return String.format(Locale.ROOT, "finetune: step %d/%d (epoch %d/%d) loss %.4f lr %.2e, %s tokens/s, %s", r.step(), r.totalSteps(),
                r.epoch() + 1, epochs, r.loss(), r.learningRate(), count(windowTokens / Math.max(windowSeconds, 1e-9)), left);
    }

    @Override
    public void onEvaluation(long step, double loss) {
        if (enabled) {
            endLine();
            out.printf(Locale.ROOT, "finetune: eval loss %.4f after step %d%n", loss, step);
            out.flush();
        }
    }

    @Override
    public void onCheckpoint(long step, Path folder) {
        if (enabled) {
            endLine();
            out.println("finetune: checkpoint " + folder);
            out.flush();
        }
    }

    private void print(String line) {
        if (terminal) {
            out.print("\r" + line + "   ");
            if (last != null && last.step() == last.totalSteps()) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    private void endLine() {
        if (terminal) {
            out.println();
        }
    }

    static String count(double n) {
        return n >= 1e6 ? String.format(Locale.ROOT, "%.2fM", n / 1e6) : n >= 1e3 ? String.format(Locale.ROOT, "%.1fk", n / 1e3)
                : String.format(Locale.ROOT, "%.0f", n);
    }

    static String duration(double seconds) {
        long s = Math.round(Math.max(seconds, 0));
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
