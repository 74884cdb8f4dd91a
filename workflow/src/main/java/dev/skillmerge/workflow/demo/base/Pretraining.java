package dev.skillmerge.workflow.demo.base;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.progress.ProgressSettings;
import dev.skillmerge.finetune.train.OpenMpWaitPolicy;
import dev.skillmerge.finetune.data.DatasetSpec;
import dev.skillmerge.finetune.data.LongExamples;
import dev.skillmerge.finetune.init.RandomInit;
import dev.skillmerge.finetune.recipe.Recipe;
import dev.skillmerge.finetune.run.FinetuneRun;
import dev.skillmerge.finetune.run.FinetuneSettings;
import dev.skillmerge.finetune.run.TemplateChoice;
import dev.skillmerge.finetune.train.TrainingListener;
import dev.skillmerge.runtime.engine.DeviceChoice;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The recipe of the demo's base model, run once by {@code skillmerge demo --pretrain} (about an hour on two
 * cores) and shipped in examples/demo/base: sample stories from stories260K, write the broad corpus
 * ({@link PretrainCorpus}), learn a byte-pair tokenizer from it ({@link BpeTrainer}), initialize a small
 * Llama as transformers would ({@link RandomInit}), and pre-train it with the project's own trainer
 * (checkpoints every few hundred steps; rerunning the command resumes). Every step is a function of
 * {@link Settings}; the work folder keeps what each step made, so a rerun redoes only what is missing.
 */
public final class Pretraining {
    /**
     * @param hidden       width (heads of 64)
     * @param layers       transformer blocks
     * @param intermediate MLP width
     * @param pieces       learned tokenizer pieces besides the 3 specials and 256 bytes
     * @param stories      stories sampled from stories260K
     * @param storyWeight  how many times an epoch repeats the stories (they are costly to sample)
     * @param steps        optimizer steps of pre-training
     */
    public record Settings(int hidden, int layers, int intermediate, int context, int pieces, int stories, double storyWeight,
                           PretrainCorpus.Sizes sizes, int tokenizerSample, long seed, long steps, int batchSize, double learningRate,
                           int maxSeqLen, int threads) {
        /** The recipe of the shipped base. */
        public static Settings shipped() {
            return new Settings(192, 4, 512, 512, 1789, 4096, 3.0, new PretrainCorpus.Sizes(180_000, 50_000, 60_000), 40_000, 7,
                    3_600, 128, 2e-3, 256, 2);
        }

        public ObjectNode json() {
            return (ObjectNode) Json.MAPPER.valueToTree(this);
        }
    }

    private Pretraining() {
    }

    /**
     * Runs (or resumes) the recipe in {@code work} and writes the base (bfloat16 weights, tokenizer,
     * training.json, PRETRAINING.json with the settings) to {@code output}.
     */
    public static void run(Settings s, Path stories260K, Path work, Path output, boolean force, PrintStream log)
            throws UserInputException, IOException {
        Files.createDirectories(work);
        OpenMpWaitPolicy.passiveUnlessSet(); // before the engine starts: sleeping OpenMP workers (docs/benchmarks.md)
        Path corpus = work.resolve("corpus");
        List<String> texts;
        if (!Files.isRegularFile(corpus.resolve(PretrainCorpus.PYTHON))) {
            List<String> stories = StorySampler.sample(stories260K.resolve("stories260K.bin"), stories260K.resolve("tok512.bin"), work,
                    s.stories(), 256, s.seed(), 256);
            log.println("pretrain: " + stories.size() + " stories sampled from stories260K");
            texts = PretrainCorpus.write(stories, s.sizes(), s.seed(), corpus);
        } else {
            texts = readTexts(corpus);
        }
        Path tokenizer = work.resolve("tokenizer");
        if (!Files.isRegularFile(tokenizer.resolve("tokenizer.json"))) {
            List<String> sample = new ArrayList<>();
            int every = Math.max(1, texts.size() / s.tokenizerSample());
            for (int i = 0; i < texts.size(); i += every) {
                sample.add(texts.get(i).replace("</s>", "\n"));
            }
            long t0 = System.nanoTime();
            BpeTrainer.Vocabulary v = BpeTrainer.train(sample, s.pieces(), 3);
            Files.createDirectories(tokenizer);
            TokenizerFiles.write(v, s.context(), tokenizer);
            log.printf("pretrain: tokenizer of %d tokens learned from %d texts in %.0f s%n", TokenizerFiles.vocabularySize(v), sample.size(),
                    (System.nanoTime() - t0) / 1e9);
        }
        Path init = work.resolve("init");
        if (!Files.isRegularFile(init.resolve("config.json"))) {
            ObjectNode given = Json.MAPPER.createObjectNode();
            given.put("hidden_size", s.hidden());
            given.put("num_hidden_layers", s.layers());
            given.put("num_attention_heads", s.hidden() / 64);
            given.put("intermediate_size", s.intermediate());
            given.put("vocab_size", RandomInit.tokenizerVocabulary(tokenizer.resolve("tokenizer.json")));
            given.put("max_position_embeddings", s.context());
            given.put("rms_norm_eps", 1e-5);
            given.put("bos_token_id", 1);
            given.put("eos_token_id", 2);
            Path tmp = work.resolve("init.partial");
            Files.createDirectories(tmp);
            ObjectNode config = RandomInit.config(given, tmp.resolve("config.json"), Optional.empty());
            RandomInit.write(config, s.seed(), Optional.empty(), tmp, tmp.resolve("config.json"));
            for (String f : List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "generation_config.json")) {
                Files.copy(tokenizer.resolve(f), tmp.resolve(f));
            }
            Files.move(tmp, init);
        }
        List<DatasetSpec> data = List.of(new DatasetSpec(corpus.resolve(PretrainCorpus.STORIES), s.storyWeight()),
                new DatasetSpec(corpus.resolve(PretrainCorpus.TASKS), 1.0), new DatasetSpec(corpus.resolve(PretrainCorpus.ABSTRACTS), 1.0),
                new DatasetSpec(corpus.resolve(PretrainCorpus.PYTHON), 1.0));
        Recipe recipe = new Recipe(1, s.steps(), s.learningRate(), 0.02, 0.1, s.batchSize(), 1, 1.0, s.maxSeqLen(), s.seed(), 0.9, 0.95, 1e-8, true);
        Path checkpoints = work.resolve("train.checkpoints");
        boolean resume = Files.isDirectory(checkpoints);
        FinetuneSettings settings = new FinetuneSettings(init, data, List.of(), 0.002, 500, recipe, Optional.empty(), TemplateChoice.TULU,
                LongExamples.SKIP, output, force, checkpoints, 100, false, resume, DeviceChoice.CPU, s.threads(), DType.BF16);
        FinetuneRun.run(settings, TrainingListener.all());
        Json.write(output.resolve("PRETRAINING.json"), s.json());
        if (!ProgressSettings.quiet()) {
            log.println("pretrain: base written to " + output);
        }
    }

    private static List<String> readTexts(Path corpus) throws IOException {
        List<String> texts = new ArrayList<>();
        for (String f : List.of(PretrainCorpus.STORIES, PretrainCorpus.TASKS, PretrainCorpus.ABSTRACTS, PretrainCorpus.PYTHON)) {
            for (String line : Files.readAllLines(corpus.resolve(f))) {
                var node = Json.MAPPER.readTree(line);
                if (node.has("text")) {
                    texts.add(node.get("text").asText());
                } else {
                    var m = node.get("messages");
                    texts.add("<|user|>\n" + m.get(0).get("content").asText() + "\n<|assistant|>\n" + m.get(1).get("content").asText());
                }
            }
        }
        return texts;
    }
}
