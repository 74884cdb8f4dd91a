package dev.skillmerge.workflow.compare;

import dev.skillmerge.checkpoint.UserInputException;
import java.nio.file.Path;
import java.util.Optional;

/** One run to compare, as written on the command line: {@code [LABEL=]RESULTS[@MODEL]}. */
public record RunRef(String label, Path results, Optional<Path> model) {
    public static RunRef parse(String text) throws UserInputException {
        String rest = text;
        String label = null;
        int eq = rest.indexOf('=');
        if (eq > 0) {
            label = rest.substring(0, eq);
            rest = rest.substring(eq + 1);
        }
        Optional<Path> model = Optional.empty();
        int at = rest.lastIndexOf('@');
        if (at > 0) {
            model = Optional.of(Path.of(rest.substring(at + 1)));
            rest = rest.substring(0, at);
        }
        if (rest.isBlank()) {
            throw new UserInputException("run '" + text + "' must be [LABEL=]RESULTS[@MODEL]");
        }
        Path results = Path.of(rest);
        return new RunRef(label != null ? label : results.getFileName().toString(), results, model);
    }
}
