package dev.skillmerge.workflow.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Eval summary.json files written by hand, in the documented schema. */
public final class Summaries {
    private Summaries() {
    }

    /** A results folder with gsm8k (accuracy), xstest (balanced_accuracy, safe_compliance_rate) and perplexity (loss). */
    public static Path write(Path dir, double gsm8k, double xstest, double safeCompliance, double loss) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("summary.json"), """
                {"schema": "skillmerge.eval.summary/1", "updated": "2026-11-27T00:00:00Z", "source": "model: test",
                 "hooks": {
                   "gsm8k": {"status": "ok", "primary": "accuracy", "value": %s, "metrics": {"accuracy": %s, "problems": 10}},
                   "xstest": {"status": "ok", "primary": "balanced_accuracy", "value": %s,
                              "metrics": {"balanced_accuracy": %s, "safe_compliance_rate": %s}},
                   "perplexity": {"status": "ok", "primary": "loss", "value": %s, "metrics": {"loss": %s, "perplexity": 9.0}}
                 }}
                """.formatted(gsm8k, gsm8k, xstest, xstest, safeCompliance, loss, loss));
        return dir;
    }
}
