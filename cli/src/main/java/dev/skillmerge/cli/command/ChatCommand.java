package dev.skillmerge.cli.command;

import dev.skillmerge.cli.option.RuntimeOptions;
import dev.skillmerge.cli.option.SamplingOptions;
import dev.skillmerge.runtime.chat.ChatMessage;
import dev.skillmerge.runtime.generate.Completion;
import dev.skillmerge.runtime.generate.GenerationRequest;
import dev.skillmerge.runtime.generate.Prompt;
import dev.skillmerge.runtime.generate.SamplingSettings;
import dev.skillmerge.runtime.generate.TextGenerator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Talk to a model: each line you type is a user turn; the reply streams back.",
                "The conversation goes through the model's chat template (tokenizer_config.json's, else the built-in Tulu one).",
                "Type /reset to start over, /exit (or end input, Ctrl-D) to leave."},
        footer = {"", "Example:", "  skillmerge chat ./tulu-merged --system 'You are concise.' --temperature 0.7 --top-p 0.9"})
public final class ChatCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "A Hugging Face model folder.")
    Path model;

    @Option(names = "--system", paramLabel = "TEXT", description = "A system message opening the conversation.")
    String system;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        SamplingSettings settings = sampling.settings();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (TextGenerator generator = runtime.open(model)) {
            List<ChatMessage> history = new ArrayList<>();
            if (system != null) {
                history.add(ChatMessage.system(system));
            }
            boolean terminal = System.console() != null;
            while (true) {
                if (terminal) {
                    out.print("> ");
                }
                String line = in.readLine();
                if (line == null || line.strip().equals("/exit")) {
                    return 0;
                }
                if (line.strip().equals("/reset")) {
                    history.subList(system != null ? 1 : 0, history.size()).clear();
                    out.println("(conversation cleared)");
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                history.add(ChatMessage.user(line));
                Completion reply = generator.generate(new GenerationRequest(new Prompt.Chat(history), settings), out::print);
                out.println();
                history.add(ChatMessage.assistant(reply.text()));
            }
        }
    }
}
