package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.hf.OutputFolder;
import dev.skillmerge.cli.option.OutputOptions;
import dev.skillmerge.finetune.init.RandomInit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Write a new Llama model with random weights, initialized as transformers does",
                "LlamaForCausalLM, to pre-train with skillmerge finetune on plain text.",
                "The config may be a subset of a Hugging Face config.json: hidden_size,",
                "num_hidden_layers and num_attention_heads are required, the rest takes",
                "transformers' defaults. --tokenizer-from copies a model's tokenizer files and",
                "takes its vocab_size and special token ids."},
        footer = {"", "Example:", "  echo '{\"hidden_size\": 128, \"num_hidden_layers\": 2, \"num_attention_heads\": 4, \"intermediate_size\": 336}' > tiny.json",
                "  skillmerge init --config tiny.json --tokenizer-from ./stories260K -o ./tiny",
                "  skillmerge finetune --model ./tiny --data stories.jsonl --lr 1e-3 --batch-size 32 --max-seq-len 256 -o ./pretrained"})
public final class InitCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "CONFIG.json", description = "The model's shape, Hugging Face style.")
    Path config;

    @Option(names = "--tokenizer-from", paramLabel = "MODEL", description = "Copy this model's tokenizer files (and vocab size, BOS/EOS ids).")
    Path tokenizerFrom;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        List<Path> inputs = new ArrayList<>(List.of(config));
        if (tokenizerFrom != null) {
            inputs.add(tokenizerFrom);
        }
        try (OutputFolder out = output.open(inputs)) {
            RandomInit.run(config, Optional.ofNullable(tokenizerFrom), seed, out.dir());
            out.commit();
            System.out.println(out.target());
        }
        return 0;
    }
}
