package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.cli.option.RuntimeOptions;
import dev.skillmerge.cli.option.SamplingOptions;
import dev.skillmerge.runtime.chat.ChatMessage;
import dev.skillmerge.runtime.generate.BatchGeneration;
import dev.skillmerge.runtime.generate.EmbeddedGenerator;
import dev.skillmerge.runtime.generate.GenerationRequest;
import dev.skillmerge.runtime.generate.Prompt;
import dev.skillmerge.runtime.generate.SamplingSettings;
import dev.skillmerge.runtime.generate.TextGenerator;
import dev.skillmerge.runtime.serve.OpenAiClient;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Complete a prompt with a model, or every prompt of a JSONL file.",
                "Runs a Hugging Face Llama-family folder in-process (DJL / PyTorch), or asks an OpenAI-compatible server"
                        + " with --endpoint. The completion goes to stdout; progress to stderr."},
        footer = {"", "Examples:", "  skillmerge generate ./stories --prompt 'Once upon a time' --max-tokens 64",
                "  skillmerge generate ./stories --prompt '' --temperature 1 --top-p 0.9 --seed 42 --sampler llama2c",
                "  skillmerge generate ./tulu --chat --prompt 'Write a haiku about merging.'",
                "  skillmerge generate ./model --prompts prompts.jsonl -o completions.jsonl --batch-size 64",
                "  skillmerge generate Qwen/Qwen3-8B --endpoint http://127.0.0.1:8000/v1 --chat --prompt 'Hi'",
                "", "JSONL lines: {\"prompt\": \"...\"} or {\"messages\": [{\"role\": \"user\", \"content\": \"...\"}]},"
                + " optionally with max_tokens, temperature, top_p, seed, stop; output lines add \"completion\", \"finish_reason\","
                + " \"prompt_tokens\", \"completion_tokens\"."})
public final class GenerateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "A Hugging Face model folder; with --endpoint, the model name on the server.")
    String model;

    @ArgGroup(multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = {"-p", "--prompt"}, paramLabel = "TEXT", description = "The prompt to complete.")
        String prompt;

        @Option(names = "--prompts", paramLabel = "FILE.jsonl", description = "Complete every line of this JSONL file (needs -o).")
        Path prompts;
    }

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.jsonl", description = "Where --prompts writes its completions.")
    Path output;

    @Option(names = "--chat", description = "Send the prompt as a user message through the model's chat template"
            + " (tokenizer_config.json's, else the built-in Tulu one).")
    boolean chat;

    @Option(names = "--system", paramLabel = "TEXT", description = "A system message before the prompt (implies --chat).")
    String system;

    @Option(names = "--endpoint", paramLabel = "URL", description = "An OpenAI-compatible API root (e.g. http://127.0.0.1:8000/v1);"
            + " the key, if needed, is read from $" + OpenAiClient.API_KEY_VARIABLE + ".")
    URI endpoint;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + EmbeddedGenerator.DEFAULT_BATCH_SIZE,
            description = "With --prompts: prompts decoded together in one forward pass per token (with --endpoint: requests in"
                    + " flight) (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        SamplingSettings settings = sampling.settings();
        if (input.prompts != null && output == null) {
            throw new UserInputException("--prompts needs -o OUT.jsonl for the completions");
        }
        if (batchSize < 1) {
            throw new UserInputException("--batch-size must be at least 1, not " + batchSize);
        }
        try (TextGenerator generator = endpoint != null ? OpenAiClient.fromEnvironment(endpoint, Optional.of(model), batchSize)
                : runtime.open(Path.of(model), batchSize)) {
            if (input.prompts != null) {
                int n = BatchGeneration.run(generator, input.prompts, output, settings, chat || system != null);
                System.err.println("generate: " + n + " completions written to " + output);
                return 0;
            }
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            generator.generate(new GenerationRequest(prompt(), settings), out::print);
            out.println();
        }
        return 0;
    }

    private Prompt prompt() {
        if (!chat && system == null) {
            return new Prompt.Text(input.prompt);
        }
        List<ChatMessage> messages = new ArrayList<>();
        if (system != null) {
            messages.add(ChatMessage.system(system));
        }
        messages.add(ChatMessage.user(input.prompt));
        return new Prompt.Chat(messages);
    }
}
