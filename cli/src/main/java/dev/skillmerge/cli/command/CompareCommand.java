package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.workflow.compare.Comparison;
import dev.skillmerge.workflow.compare.RunRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"One table of several evaluated models: every primary metric, its change against a reference run,",
                "and each model's training cost (steps, examples, tokens, wall time from training.json)."},
        footer = {"", "RUN is [LABEL=]RESULTS[@MODEL]: an eval results folder, optionally with the model folder whose training.json",
                "holds its cost (a training.json inside RESULTS is used first).",
                "Examples:",
                "  skillmerge compare general=results/general rt=results/rt@models/rt ptm=results/ptm --reference general",
                "  skillmerge compare results/* --format csv > table.csv",
                "  skillmerge compare a=r/a b=r/b -o report/   # table.md, table.csv, table.json, scores.svg"})
public final class CompareCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", arity = "1..*", description = "Runs to compare.")
    List<String> runs;

    @Option(names = "--reference", paramLabel = "LABEL", description = "The run deltas are taken against (default: the first).")
    String reference;

    @Option(names = "--metrics", split = ",", paramLabel = "M", description = "Metrics to show (hook/metric or hook); default every hook's primary.")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--format", defaultValue = "markdown", paramLabel = "FMT", description = "stdout format: markdown, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Also write table.md, table.csv, table.json and scores.svg into DIR.")
    Path output;

    @Override
    public Integer call() throws Exception {
        List<RunRef> refs = new ArrayList<>();
        for (String r : runs) {
            refs.add(RunRef.parse(r));
        }
        Comparison c = Comparison.of(refs, Optional.ofNullable(reference), metrics);
        String text = switch (format) {
            case "markdown", "md" -> c.markdown();
            case "csv" -> c.csv();
            case "json" -> Json.MAPPER.writeValueAsString(c.json()) + "\n";
            default -> throw new dev.skillmerge.checkpoint.UserInputException("--format must be markdown, csv or json, got '" + format + "'");
        };
        System.out.print(text);
        if (output != null) {
            Files.createDirectories(output);
            Files.writeString(output.resolve("table.md"), c.markdown());
            Files.writeString(output.resolve("table.csv"), c.csv());
            Json.write(output.resolve("table.json"), c.json());
            Files.writeString(output.resolve("scores.svg"), c.svg());
        }
        return 0;
    }
}
