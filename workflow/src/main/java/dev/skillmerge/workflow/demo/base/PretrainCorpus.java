package dev.skillmerge.workflow.demo.base;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.workflow.demo.data.DemoItem;
import dev.skillmerge.workflow.demo.data.Draw;
import dev.skillmerge.workflow.demo.data.PretrainTasks;
import dev.skillmerge.workflow.demo.data.PythonScripts;
import dev.skillmerge.workflow.demo.data.ScienceAbstracts;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo base's pre-training corpus, four JSONL files for the trainer: {@code stories.jsonl} (plain
 * text, sampled from stories260K), {@code tasks.jsonl} (generic chat instructions, {@link PretrainTasks}),
 * {@code abstracts.jsonl} (plain-text synthetic abstracts, {@link ScienceAbstracts}: the domain's prose,
 * never an extraction question) and {@code python.jsonl} (plain-text scripts, {@link PythonScripts}: the
 * language, never a docstring to complete). Broad on purpose: earlier probes (issue 8) found that task
 * vectors of a model pre-trained on narrow stories do not add up.
 */
public final class PretrainCorpus {
    public static final String STORIES = "stories.jsonl";
    public static final String TASKS = "tasks.jsonl";
    public static final String ABSTRACTS = "abstracts.jsonl";
    public static final String PYTHON = "python.jsonl";

    /** Sizes of the generated parts. */
    public record Sizes(int tasks, int abstracts, int scripts) {
    }

    private PretrainCorpus() {
    }

    /** Writes the corpus into {@code dir} and returns every text in it, for the tokenizer and the contamination check. */
    public static List<String> write(List<String> stories, Sizes sizes, long seed, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> texts = new ArrayList<>();
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(STORIES), StandardCharsets.UTF_8)) {
            for (String s : stories) {
                line(out, text(s));
                texts.add(s);
            }
        }
        PretrainTasks tasks = new PretrainTasks();
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(TASKS), StandardCharsets.UTF_8)) {
            for (int i = 0; i < sizes.tasks(); i++) {
                DemoItem.Answer a = (DemoItem.Answer) tasks.item(Draw.of(seed, tasks.name(), i));
                line(out, a.trainLine());
                texts.add("<|user|>\n" + a.prompt() + "\n<|assistant|>\n" + a.answer());
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(ABSTRACTS), StandardCharsets.UTF_8)) {
            for (int i = 0; i < sizes.abstracts(); i++) {
                String t = ScienceAbstracts.draw(Draw.of(seed, "pretrain-abstracts", i)).text();
                line(out, text(t));
                texts.add(t);
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(PYTHON), StandardCharsets.UTF_8)) {
            for (int i = 0; i < sizes.scripts(); i++) {
                String t = PythonScripts.draw(Draw.of(seed, "pretrain-python", i));
                line(out, text(t));
                texts.add(t);
            }
        }
        return texts;
    }

    private static ObjectNode text(String s) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("text", s);
        return o;
    }

    private static void line(BufferedWriter out, ObjectNode o) throws IOException {
        out.write(Json.MAPPER.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
        out.write('\n');
    }
}
