package dev.skillmerge.workflow.demo.base;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.progress.Progress;
import dev.skillmerge.runtime.engine.DeviceChoice;
import dev.skillmerge.runtime.generate.Completion;
import dev.skillmerge.runtime.generate.EmbeddedGenerator;
import dev.skillmerge.runtime.generate.GenerationRequest;
import dev.skillmerge.runtime.generate.Prompt;
import dev.skillmerge.runtime.generate.SamplerKind;
import dev.skillmerge.runtime.generate.SamplingSettings;
import dev.skillmerge.runtime.llama2c.Llama2cImport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Short stories sampled from stories260K (Karpathy's 260K-parameter TinyStories model, shipped in
 * examples/models), the plain-English part of the demo base's pre-training text. Each story starts from
 * one of a few openings with its own seed (temperature 1, top-p 0.9) and is cut after its last full
 * sentence.
 */
public final class StorySampler {
    static final List<String> OPENINGS = List.of("Once upon a time", "One day", "There was a", "Lily", "Tom", "A little", "The sun",
            "Sam and", "In a small", "Mom", "Ben", "Sara", "The dog", "Max", "It was", "Anna");

    private StorySampler() {
    }

    /** Imports stories260K from its llama2.c files into {@code work} and samples {@code count} stories. */
    public static List<String> sample(Path llama2cModel, Path tokenizer, Path work, int count, int maxTokens, long seed, int batchSize)
            throws UserInputException, IOException {
        Path folder = work.resolve("stories260K");
        if (!java.nio.file.Files.isRegularFile(folder.resolve("config.json"))) {
            java.nio.file.Files.createDirectories(folder);
            try (Progress p = Progress.silent(0, 0)) {
                Llama2cImport.run(llama2cModel, tokenizer, folder, p);
            }
        }
        List<GenerationRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(new GenerationRequest(new Prompt.Text(OPENINGS.get(i % OPENINGS.size())),
                    new SamplingSettings(maxTokens, 1.0, 0.9, seed * 1_000_003L + i, SamplerKind.DEFAULT, List.of())));
        }
        List<String> stories = new ArrayList<>(count);
        try (EmbeddedGenerator model = EmbeddedGenerator.open(folder, DeviceChoice.CPU, 1, batchSize);
             Progress progress = Progress.start("sample stories from stories260K", "stories", count, 0)) {
            for (int from = 0; from < count; from += batchSize) {
                List<GenerationRequest> batch = requests.subList(from, Math.min(count, from + batchSize));
                List<Completion> done = model.generate(batch);
                for (int i = 0; i < done.size(); i++) {
                    String story = clean(((Prompt.Text) batch.get(i).prompt()).text() + done.get(i).text());
                    if (!story.isEmpty()) {
                        stories.add(story);
                    }
                }
                progress.advance(batch.size(), 0);
            }
        }
        return stories;
    }

    /** The story up to its last full stop (or ! or ?), white space runs collapsed; empty when there is none. */
    static String clean(String text) {
        String t = text.replaceAll("\\s+", " ").strip();
        int end = Math.max(t.lastIndexOf('.'), Math.max(t.lastIndexOf('!'), t.lastIndexOf('?')));
        if (end > 0 && end + 1 < t.length() && t.charAt(end + 1) == '"') {
            end++;
        }
        return end < 0 ? "" : t.substring(0, end + 1);
    }
}
