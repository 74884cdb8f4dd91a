package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.inspect.ModelSummary;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a model's architecture, parameter count, dtypes, files, tied embeddings and tokenizer.",
        footer = {"", "Examples:", "  skillmerge inspect ./Llama-2-7b-hf", "  skillmerge inspect ./model --tensors --json > model.json"})
public final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "A Hugging Face model folder or a .safetensors / pytorch_model.bin file.")
    Path model;

    @Option(names = "--tensors", description = "List every tensor: name, dtype, shape, parameters, file.")
    boolean tensors;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (ModelFolder folder = ModelFolder.open(model)) {
            ModelSummary summary = ModelSummary.of(folder);
            System.out.print(json ? Json.MAPPER.writeValueAsString(summary.toJson(tensors)) + "\n" : summary.toText(tensors));
        }
        return 0;
    }
}
