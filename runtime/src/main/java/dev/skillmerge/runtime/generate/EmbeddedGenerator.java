package dev.skillmerge.runtime.generate;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.runtime.chat.ChatTemplate;
import dev.skillmerge.runtime.engine.DeviceChoice;
import dev.skillmerge.runtime.engine.TorchEngine;
import dev.skillmerge.runtime.model.LlamaModel;
import dev.skillmerge.runtime.score.TokenLogProbs;
import dev.skillmerge.runtime.tokenizer.TextTokenizer;
import dev.skillmerge.runtime.tokenizer.TokenizerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * A Hugging Face model folder run in this process: the Llama model on DJL, its tokenizer, chat template
 * (the folder's own, else the built-in Tulu one) and end tokens. One call runs at a time; a list of requests
 * is decoded in batches (several sequences per forward pass).
 */
public final class EmbeddedGenerator implements TextGenerator {
    private final String name;
    private final NDManager manager;
    private final LlamaModel model;
    private final TextTokenizer tokenizer;
    private final ChatTemplate template;
    private final EndTokens endTokens;
    private final int batchSize;

    private EmbeddedGenerator(String name, NDManager manager, LlamaModel model, TextTokenizer tokenizer, ChatTemplate template,
                              EndTokens endTokens, int batchSize) {
        this.name = name;
        this.manager = manager;
        this.model = model;
        this.tokenizer = tokenizer;
        this.template = template;
        this.endTokens = endTokens;
        this.batchSize = batchSize;
    }

    /** How many sequences {@link #generate(List)} decodes together unless told otherwise (see docs/benchmarks.md, Runtime). */
    public static final int DEFAULT_BATCH_SIZE = 32;

    /** Loads {@code folder} onto the chosen device, with {@code threads} PyTorch threads (0: one per core). */
    public static EmbeddedGenerator open(Path folder, DeviceChoice device, int threads) throws UserInputException, IOException {
        return open(folder, device, threads, DEFAULT_BATCH_SIZE);
    }

    /** As {@link #open(Path, DeviceChoice, int)}, decoding up to {@code batchSize} sequences at once. */
    public static EmbeddedGenerator open(Path folder, DeviceChoice device, int threads, int batchSize) throws UserInputException, IOException {
        if (batchSize < 1) {
            throw new UserInputException("the batch size must be at least 1, not " + batchSize);
        }
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
                return new EmbeddedGenerator(folder.getFileName().toString(), manager, model, tokenizer, template, end, batchSize);
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
        int[] prompt = fittedPromptTokens(request);
        Continuation c = new Continuation(prompt, model.config().context(), request.sampling(), tokenizer, endTokens, onText);
        DecodingBatch.run(model, List.of(prompt), List.of(c));
        return c.completion();
    }

    /**
     * Completions for every request, in order, decoded {@link #batchSize()} at a time. Requests are batched by
     * prompt length, so that a batch pads little; each completion is what {@link #generate(GenerationRequest)}
     * gives for its request alone (its own sampler, seed and stop strings).
     */
    @Override
    public synchronized List<Completion> generate(List<GenerationRequest> requests) throws UserInputException {
        List<int[]> prompts = new ArrayList<>(requests.size());
        for (GenerationRequest r : requests) {
            prompts.add(fittedPromptTokens(r));
        }
        Integer[] byLength = new Integer[requests.size()];
        for (int i = 0; i < byLength.length; i++) {
            byLength[i] = i;
        }
        Arrays.sort(byLength, Comparator.comparingInt(i -> prompts.get(i).length));
        Continuation[] continuations = new Continuation[requests.size()];
        for (int from = 0; from < byLength.length; from += batchSize) {
            List<Integer> batch = Arrays.asList(byLength).subList(from, Math.min(byLength.length, from + batchSize));
            List<Continuation> running = new ArrayList<>(batch.size());
            for (int i : batch) {
                continuations[i] = new Continuation(prompts.get(i), model.config().context(), requests.get(i).sampling(), tokenizer, endTokens, null);
                running.add(continuations[i]);
            }
            DecodingBatch.run(model, batch.stream().map(prompts::get).toList(), running);
        }
        List<Completion> out = new ArrayList<>(requests.size());
        for (Continuation c : continuations) {
            out.add(c.completion());
        }
        return out;
    }

    /**
     * ln p(tokens[i] | the tokens before it) for i = 1 .. n - 1 (see {@link TokenLogProbs}), run between
     * generation calls, never beside one.
     */
    public synchronized double[] logProbs(int[] tokens) {
        return TokenLogProbs.of(model, tokens);
    }

    /** How many prompts {@link #generate(List)} decodes at once. */
    public int batchSize() {
        return batchSize;
    }

    @Override
    public OptionalInt contextLength() {
        return OptionalInt.of(model.config().context());
    }

    /**
     * The prompt's tokens, its last {@code truncatePromptTokens} only when the request asks, checked to leave
     * room in the model's context for at least one generated token.
     */
    private int[] fittedPromptTokens(GenerationRequest request) throws UserInputException {
        int[] prompt = promptTokens(request.prompt());
        if (request.truncatePromptTokens().isPresent() && prompt.length > request.truncatePromptTokens().getAsInt()) {
            prompt = Arrays.copyOfRange(prompt, prompt.length - request.truncatePromptTokens().getAsInt(), prompt.length);
        }
        int context = model.config().context();
        if (prompt.length == 0) {
            throw new UserInputException("the prompt encodes to no tokens and the tokenizer adds no BOS; give some text");
        }
        if (prompt.length >= context) {
            throw new UserInputException("the prompt is " + prompt.length + " tokens; the model's context is " + context
                    + ", leaving no room to generate");
        }
        return prompt;
    }

    @Override
    public synchronized void close() {
        model.close();
        tokenizer.close();
        manager.close();
    }
}
