package dev.skillmerge.cli.command;

import dev.skillmerge.cli.option.RuntimeOptions;
import dev.skillmerge.runtime.generate.EmbeddedGenerator;
import dev.skillmerge.runtime.serve.OpenAiServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a model over an OpenAI-compatible HTTP API: GET /v1/models, POST /v1/completions and",
                "POST /v1/chat/completions (\"stream\": true for server-sent events). Loopback only unless --host says otherwise.",
                "Requests run one at a time. Stop with Ctrl-C."},
        footer = {"", "Examples:", "  skillmerge serve ./stories --port 8000",
                "  curl -s http://127.0.0.1:8000/v1/completions -d '{\"prompt\": \"Once upon a time\", \"max_tokens\": 32}'",
                "  skillmerge generate stories --endpoint http://127.0.0.1:8000/v1 --prompt 'Once upon a time'"})
public final class ServeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "A Hugging Face model folder.")
    Path model;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        try (EmbeddedGenerator generator = runtime.open(model); OpenAiServer server = OpenAiServer.start(generator, host, port)) {
            System.err.println("serve: " + generator.modelName() + " at " + server.baseUrl() + " (Ctrl-C stops)");
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return 0;
    }
}
