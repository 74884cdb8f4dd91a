package dev.skillmerge.workflow.demo.data;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.hf.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's data: the general mix and the three skills, each split into train (the trainer's JSONL),
 * dev and test (the scoring hook's format), written as {@code SPLIT/SET.jsonl} (so the trainer names each
 * data set after its file) with {@code data.json}
 * (sizes, seed, generator versions and the contamination check, which must find nothing).
 */
public final class DemoData {
    /** The four data sets, in the paper's order: the general mix first, then the skills. */
    public static final List<String> SETS = List.of("general", "science", "safety", "code");

    /** How many items each split holds. */
    public record Sizes(int generalTrain, int skillTrain, int dev, int test) {
        public int train(String set) {
            return set.equals("general") ? generalTrain : skillTrain;
        }

        public int count(String set, Split split) {
            return switch (split) {
                case TRAIN -> train(set);
                case DEV -> dev;
                case TEST -> test;
            };
        }
    }

    /** The generator of a set for a split (the safety mix differs between training and evaluation). */
    public static SkillGenerator generator(String set, Split split) {
        return switch (set) {
            case "general" -> new GeneralMix();
            case "science" -> new ScienceSkill();
            case "safety" -> new SafetySkill(split == Split.TRAIN ? SafetySkill.TRAIN_UNSAFE_SHARE : SafetySkill.EVAL_UNSAFE_SHARE);
            case "code" -> new CodeSkill();
            default -> throw new IllegalArgumentException("unknown data set " + set);
        };
    }

    /** Where a set's split lies in a data folder. */
    public static Path file(Path dir, Split split, String set) {
        return dir.resolve(split.name().toLowerCase(Locale.ROOT)).resolve(set + ".jsonl");
    }

    /** Every set's splits, generated. */
    public static Map<String, Map<Split, List<DemoItem>>> generate(Sizes sizes, long seed) {
        Map<String, Map<Split, List<DemoItem>>> out = new LinkedHashMap<>();
        for (String set : SETS) {
            Map<Split, List<DemoItem>> splits = new LinkedHashMap<>();
            for (Split split : Split.values()) {
                splits.put(split, SplitFill.fill(generator(set, split), seed, split, sizes.count(set, split)));
            }
            out.put(set, splits);
        }
        return out;
    }

    /**
     * The contamination check over all sets: every dev and test prompt against every training prompt of
     * every set (a model trained on all of them, RT, must not have seen any evaluated prompt).
     */
    public static List<Contamination.Hit> contamination(Map<String, Map<Split, List<DemoItem>>> data) {
        List<String> train = new ArrayList<>();
        List<String> evaluated = new ArrayList<>();
        data.values().forEach(splits -> {
            splits.get(Split.TRAIN).forEach(i -> train.add(i.prompt()));
            splits.get(Split.DEV).forEach(i -> evaluated.add(i.prompt()));
            splits.get(Split.TEST).forEach(i -> evaluated.add(i.prompt()));
        });
        return new Contamination().prompts(train).check(evaluated);
    }

    /** Writes the data into {@code dir} and returns data.json's content; refuses contaminated data. */
    public static ObjectNode write(Sizes sizes, long seed, Path dir) throws IOException {
        Map<String, Map<Split, List<DemoItem>>> data = generate(sizes, seed);
        List<Contamination.Hit> hits = contamination(data);
        if (!hits.isEmpty()) {
            throw new IllegalStateException("contaminated data: \"" + hits.getFirst().evaluated() + "\" is also in " + hits.getFirst().where());
        }
        ObjectNode manifest = Json.MAPPER.createObjectNode();
        manifest.put("seed", seed);
        ObjectNode sets = manifest.putObject("sets");
        for (Map.Entry<String, Map<Split, List<DemoItem>>> e : data.entrySet()) {
            ObjectNode info = sets.putObject(e.getKey());
            info.put("generator", generator(e.getKey(), Split.TRAIN).getClass().getSimpleName());
            info.put("version", generator(e.getKey(), Split.TRAIN).version());
            for (Map.Entry<Split, List<DemoItem>> s : e.getValue().entrySet()) {
                List<DemoItem> items = s.getValue();
                Path file = file(dir, s.getKey(), e.getKey());
                Files.createDirectories(file.getParent());
                try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    for (int i = 0; i < items.size(); i++) {
                        ObjectNode line = s.getKey() == Split.TRAIN ? items.get(i).trainLine()
                                : items.get(i).evalLine(String.format(Locale.ROOT, "%s-%s-%d", e.getKey(), s.getKey().name().toLowerCase(Locale.ROOT), i));
                        out.write(Json.MAPPER.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(line));
                        out.write('\n');
                    }
                }
                info.put(s.getKey().name().toLowerCase(Locale.ROOT), items.size());
            }
        }
        ObjectNode check = manifest.putObject("contamination");
        check.put("evaluated_prompts", data.values().stream().mapToInt(m -> m.get(Split.DEV).size() + m.get(Split.TEST).size()).sum());
        check.put("training_prompts", data.values().stream().mapToInt(m -> m.get(Split.TRAIN).size()).sum());
        ArrayNode found = check.putArray("found");
        hits.forEach(h -> found.add(h.evaluated()));
        Json.write(dir.resolve("data.json"), manifest);
        return manifest;
    }
}
