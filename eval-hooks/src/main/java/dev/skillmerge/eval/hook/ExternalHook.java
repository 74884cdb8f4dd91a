package dev.skillmerge.eval.hook;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A hook run by an outside program, which generates and scores on its own: it is given a request (the
 * model or endpoint, the options, an output folder) and answers with metrics. See docs/eval-schema.md.
 */
public non-sealed interface ExternalHook extends Hook {
    /** What the outside program is told about the model and the run. */
    record Request(String hook, Map<String, Object> model, Map<String, Object> options, Path outputDir) {
    }

    Metrics run(Request request) throws IOException, InterruptedException;
}
