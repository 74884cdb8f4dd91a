package dev.skillmerge.runtime.generate;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.runtime.chat.ChatTemplate;
import dev.skillmerge.runtime.engine.DeviceChoice;
import dev.skillmerge.runtime.engine.TorchEngine;
import dev.skillmerge.runtime.model.InferenceSession;
import dev.skillmerge.runtime.model.LlamaModel;
import dev.skillmerge.runtime.tokenizer.TextTokenizer;
import dev.skillmerge.runtime.tokenizer.TokenizerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A Hugging Face model folder run in this process: the Llama model on DJL, its tokenizer, chat template
 * (the folder's own, else the built-in Tulu one) and end tokens. One completion runs at a time.
 */
public final class EmbeddedGenerator implements TextGenerator {
    private final String name;
    private final NDManager manager;
    private final LlamaModel model;
    private final TextTokenizer tokenizer;
    private final ChatTemplate template;
    private final EndTokens endTokens;

    private EmbeddedGenerator(String name, NDManager manager, LlamaModel model, TextTokenizer tokenizer, ChatTemplate template,
                              EndTokens endTokens) {
        this.name = name;
        this.manager = manager;
        this.model = model;
        this.tokenizer = tokenizer;
        this.template = template;
        this.endTokens = endTokens;
    }

    /** Loads {@code folder} onto the chosen device, with {@code threads} PyTorch threads (0: one per core). */
    public static EmbeddedGenerator open(Path folder, DeviceChoice device, int threads) throws UserInputException, IOException {
        TorchEngine.start(threads);
        Device chosen = TorchEngine.device(device);
        NDManager manager = TorchEngine.get().newBaseManager(chosen);
        try (ModelFolder f = ModelFolder.open(folder)) {
            if (!f.isFolder()) {
                throw UserInputException.about(folder, "is a file; pass the model folder (config.json, weights, tokenizer.json)");
            }
            TextTokenizer tokenizer = TextTokenizer.open(folder);
            try {
                TokenizerConfig tc = TokenizerConfig.read(folder);
                String bos = tc.bosToken().orElse("");
                String eos = tc.eosToken().orElse("");
                ChatTemplate template = tc.chatTemplate().map(t -> new ChatTemplate("tokenizer_config.json", t, true, bos, eos))
                        .orElseGet(() -> ChatTemplate.tulu(bos, eos));
                EndTokens end = EndTokens.of(folder, tc, tokenizer);
                LlamaModel model;
                try (Progress progress = Progress.start("load " + folder.getFileName(), "tensors", f.tensors().size(), f.totalBytes())) {
                    model = LlamaModel.load(f, manager, progress);
                }
                return new EmbeddedGenerator(folder.getFileName().toString(), manager, model, tokenizer, template, end);
            } catch (UserInputException | IOException | RuntimeException e) {
                tokenizer.close();
                throw e;
            }
        } catch (UserInputException | IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public String modelName() {
        return name;
    }

    public LlamaModel model() {
        return model;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public ChatTemplate chatTemplate() {
        return template;
    }

    /** The prompt's token ids: text gets the tokenizer's special tokens (BOS); a chat gets its template's. */
    public int[] promptTokens(Prompt prompt) throws UserInputException {
        return switch (prompt) {
            case Prompt.Text text -> tokenizer.encode(text.text(), true);
            case Prompt.Chat chat -> tokenizer.encode(template.render(chat.messages(), true), !template.includesSpecialTokens());
        };
    }

    @Override
    public synchronized Completion generate(GenerationRequest request, Consumer<String> onText) throws UserInputException {
        int[] prompt = promptTokens(request.prompt());
        SamplingSettings s = request.sampling();
        int context = model.config().context();
        if (prompt.length == 0) {
            throw new UserInputException("the prompt encodes to no tokens and the tokenizer adds no BOS; give some text");
        }
        if (prompt.length >= context) {
            throw new UserInputException("the prompt is " + prompt.length + " tokens; the model's context is " + context
                    + ", leaving no room to generate");
        }
        Sampler sampler = Sampler.of(s);
        StopStrings stops = new StopStrings(s.stop());
        IncrementalText text = new IncrementalText(tokenizer, prompt);
        int generated = 0;
        String emitted = "";
        Completion.FinishReason reason = Completion.FinishReason.LENGTH;
        try (InferenceSession session = new InferenceSession(model, Math.min(context, prompt.length + s.maxTokens()))) {
            float[] logits = session.feed(prompt);
            while (true) {
                int next = sampler.next(logits);
                if (endTokens.contains(next)) {
                    reason = Completion.FinishReason.STOP;
                    break;
                }
                text.add(next);
                generated++;
                String sofar = text.text();
                int stopAt = stops.firstMatch(sofar);
                if (stopAt >= 0) {
                    emitted = emit(onText, emitted, sofar.substring(0, stopAt));
                    return new Completion(sofar.substring(0, stopAt), Completion.FinishReason.STOP, prompt.length, generated);
                }
                emitted = emit(onText, emitted, stops.safePrefix(sofar));
                if (generated == s.maxTokens() || session.position() == session.capacity()) {
                    break;
                }
                logits = session.feed(next);
            }
        }
        String finalText = text.text();
        emit(onText, emitted, finalText);
        return new Completion(finalText, reason, prompt.length, generated);
    }

    /** Hands on what {@code text} adds to what was already emitted, holding back an unfinished character. */
    private static String emit(Consumer<String> onText, String emitted, String text) {
        String ready = text.endsWith("\uFFFD") ? text.substring(0, text.length() - 1) : text;
        if (ready.length() > emitted.length() && ready.startsWith(emitted)) {
            onText.accept(ready.substring(emitted.length()));
            return ready;
        }
        return emitted;
    }

    @Override
    public synchronized void close() {
        model.close();
        tokenizer.close();
        manager.close();
    }
}
