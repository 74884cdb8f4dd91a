package dev.skillmerge.eval.general.ifeval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.eval.data.BundledData;
import dev.skillmerge.eval.data.JsonLine;
import dev.skillmerge.eval.data.Jsonl;
import dev.skillmerge.eval.hook.GenerativeHook;
import dev.skillmerge.eval.hook.HookData;
import dev.skillmerge.eval.hook.Metrics;
import dev.skillmerge.eval.hook.Prompt;
import dev.skillmerge.eval.hook.Score;
import dev.skillmerge.eval.hook.ScoredSample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * IFEval (Zhou et al. 2023): 541 prompts with 834 verifiable instructions. Strict: the response as it is
 * must follow an instruction. Loose (the official upper bound): it is enough that one of eight variants
 * follows it: the response, without its first line, without its last line, without both, and each of
 * those with every '*' removed. Prompt level: all of a prompt's instructions followed.
 */
public final class IfEvalHook implements GenerativeHook<IfEvalPrompt> {
    @Override
    public String name() {
        return "ifeval";
    }

    @Override
    public String description() {
        return "IFEval: 541 prompts with verifiable instructions (25 kinds); prompt- and instruction-level, strict and loose";
    }

    @Override
    public List<IfEvalPrompt> load(HookData data) throws UserInputException, IOException {
        List<JsonLine> lines = data.file().isPresent() ? Jsonl.read(data.file().get()) : BundledData.jsonl("ifeval/input_data.jsonl");
        List<IfEvalPrompt> prompts = new ArrayList<>();
        for (JsonLine l : lines) {
            List<String> ids = l.texts("instruction_id_list");
            JsonNode kwargs = l.array("kwargs");
            if (kwargs.size() != ids.size()) {
                throw l.problem("\"kwargs\" must hold one object per instruction id (" + ids.size() + ")");
            }
            List<Instruction> built = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                try {
                    built.add(Instructions.build(ids.get(i), kwargs.get(i)));
                } catch (IllegalArgumentException e) {
                    throw l.problem(e.getMessage());
                }
            }
            prompts.add(new IfEvalPrompt(l.id("key"), l.text("prompt"), ids, built));
        }
        return prompts;
    }

    @Override
    public Prompt prompt(IfEvalPrompt p) {
        return Prompt.user(p.prompt(), 1280);
    }

    /** The eight loose variants, in the official order. */
    static List<String> looseVariants(String response) {
        String[] lines = response.split("\n", -1);
        String removeFirst = String.join("\n", java.util.Arrays.asList(lines).subList(Math.min(1, lines.length), lines.length)).strip();
        String removeLast = String.join("\n", java.util.Arrays.asList(lines).subList(0, Math.max(0, lines.length - 1))).strip();
        String removeBoth = lines.length <= 2 ? "" : String.join("\n", java.util.Arrays.asList(lines).subList(1, lines.length - 1)).strip();
        return List.of(response, response.replace("*", ""), removeFirst, removeLast, removeBoth,
                removeFirst.replace("*", ""), removeLast.replace("*", ""), removeBoth.replace("*", ""));
    }

    static boolean strict(Instruction i, String response) {
        return !response.strip().isEmpty() && i.followedBy(response);
    }

    static boolean loose(Instruction i, String response) {
        for (String v : looseVariants(response)) {
            if (strict(i, v)) {
                return true;
            }
        }
        return false;
    }

    /** Score = prompt-level strict (1 when every instruction is followed); details hold both per-instruction lists. */
    @Override
    public Score score(IfEvalPrompt p, String output) {
        List<Boolean> strict = new ArrayList<>();
        List<Boolean> loose = new ArrayList<>();
        for (Instruction i : p.instructions()) {
            boolean s = strict(i, output);
            strict.add(s);
            loose.add(s || loose(i, output));
        }
        long followed = strict.stream().filter(b -> b).count();
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < strict.size(); i++) {
            if (!strict.get(i)) {
                missed.add(p.instructionIds().get(i));
            }
        }
        String reason = followed + "/" + strict.size() + " instructions followed (strict)" + (missed.isEmpty() ? "" : "; missed " + String.join(", ", missed));
        return new Score(followed == strict.size() ? 1 : 0, reason, Map.of("strict", strict, "loose", loose, "instructions", p.instructionIds()));
    }

    @SuppressWarnings("unchecked")
    @Override
    public Metrics aggregate(List<ScoredSample<IfEvalPrompt>> samples) {
        int prompts = 0;
        int promptStrict = 0;
        int promptLoose = 0;
        int instructions = 0;
        int instStrict = 0;
        int instLoose = 0;
        Map<String, int[]> byId = new TreeMap<>();
        for (ScoredSample<IfEvalPrompt> s : samples) {
            List<Boolean> strict = (List<Boolean>) s.score().details().get("strict");
            List<Boolean> loose = (List<Boolean>) s.score().details().get("loose");
            prompts++;
            promptStrict += strict.contains(false) ? 0 : 1;
            promptLoose += loose.contains(false) ? 0 : 1;
            for (int i = 0; i < strict.size(); i++) {
                instructions++;
                instStrict += strict.get(i) ? 1 : 0;
                instLoose += loose.get(i) ? 1 : 0;
                int[] c = byId.computeIfAbsent(s.item().instructionIds().get(i), k -> new int[2]);
                c[0] += strict.get(i) ? 1 : 0;
                c[1]++;
            }
        }
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("prompt_level_strict_acc", (double) promptStrict / prompts);
        v.put("inst_level_strict_acc", (double) instStrict / instructions);
        v.put("prompt_level_loose_acc", (double) promptLoose / prompts);
        v.put("inst_level_loose_acc", (double) instLoose / instructions);
        v.put("prompts", (double) samples.stream().map(s -> s.item().id()).distinct().count());
        v.put("instructions", (double) instructions);
        for (Map.Entry<String, int[]> e : byId.entrySet()) {
            v.put("strict_by_instruction/" + e.getKey(), (double) e.getValue()[0] / e.getValue()[1]);
        }
        return new Metrics("prompt_level_strict_acc", v);
    }
}
