package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.hf.OutputFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.cli.option.OutputOptions;
import dev.skillmerge.runtime.llama2c.Llama2cImport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Convert a checkpoint of another format into a Hugging Face model folder.",
        subcommands = ImportCommand.Llama2c.class,
        footer = {"", "Example:", "  skillmerge import llama2c stories260K.bin --tokenizer tok512.bin -o ./stories260K"})
public final class ImportCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to import from: llama2c");
    }

    @Command(name = "llama2c", mixinStandardHelpOptions = true,
            description = {"Convert a llama2.c model (legacy or version 1 export) and its tokenizer.bin into a Hugging Face",
                    "LlamaForCausalLM folder: config.json, model.safetensors (q/k permuted to rotate-half RoPE), tokenizer.json",
                    "(encodes exactly as llama2.c, byte fallback included), tokenizer_config.json, generation_config.json."},
            footer = {"", "Example:", "  skillmerge import llama2c stories260K.bin --tokenizer tok512.bin -o ./stories260K",
                    "  skillmerge generate ./stories260K --prompt '' --max-tokens 256"})
    public static final class Llama2c implements Callable<Integer> {
        @Parameters(paramLabel = "MODEL.bin", description = "The llama2.c checkpoint (export.py --version 0 or 1).")
        Path model;

        @Option(names = "--tokenizer", required = true, paramLabel = "TOKENIZER.bin", description = "Its llama2.c tokenizer file.")
        Path tokenizer;

        @Mixin
        OutputOptions output;

        @Override
        public Integer call() throws Exception {
            int tensors = Llama2cImport.tensorCount(model);
            try (OutputFolder out = output.open(List.of(model, tokenizer))) {
                try (Progress progress = Progress.start("import", "tensors", tensors, 0)) {
                    Llama2cImport.run(model, tokenizer, out.dir(), progress);
                }
                out.commit();
                System.out.println(out.target());
            }
            return 0;
        }
    }
}
