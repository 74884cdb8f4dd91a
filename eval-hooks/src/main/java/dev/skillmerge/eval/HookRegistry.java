package dev.skillmerge.eval;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.eval.code.HumanEvalHook;
import dev.skillmerge.eval.code.MbppPlusHook;
import dev.skillmerge.eval.general.Gsm8kHook;
import dev.skillmerge.eval.general.PerplexityHook;
import dev.skillmerge.eval.general.ifeval.IfEvalHook;
import dev.skillmerge.eval.hook.Hook;
import dev.skillmerge.eval.safety.HarmBenchHook;
import dev.skillmerge.eval.safety.PhraseRefusalClassifier;
import dev.skillmerge.eval.safety.RefusalClassifier;
import dev.skillmerge.eval.safety.XsTestHook;
import dev.skillmerge.eval.science.ScienceHook;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The hooks users can name, and the suites that group them (the paper's four skill areas). Adding a hook is
 * one class and one line here; external hooks are added per run with {@link #withExternal}.
 */
public final class HookRegistry {
    /** Suites in the order the paper reports them. The perplexity hook needs a data file, so no suite holds it. */
    public static final Map<String, List<String>> SUITES = Map.of(
            "general", List.of("gsm8k", "ifeval"),
            "safety", List.of("xstest", "harmbench"),
            "code", List.of("humaneval", "mbppplus"),
            "science", List.of("science"));

    private final Map<String, Supplier<Hook>> hooks = new LinkedHashMap<>();

    private HookRegistry() {
    }

    /** The built-in hooks; the safety hooks judge refusals with {@code refusals}. */
    public static HookRegistry builtIn(RefusalClassifier refusals) {
        HookRegistry r = new HookRegistry();
        r.hooks.put("gsm8k", Gsm8kHook::new);
        r.hooks.put("ifeval", IfEvalHook::new);
        r.hooks.put("perplexity", PerplexityHook::new);
        r.hooks.put("xstest", () -> new XsTestHook(refusals));
        r.hooks.put("harmbench", () -> new HarmBenchHook(refusals));
        r.hooks.put("humaneval", HumanEvalHook::new);
        r.hooks.put("mbppplus", MbppPlusHook::new);
        r.hooks.put("science", ScienceHook::new);
        return r;
    }

    public static HookRegistry builtIn() {
        return builtIn(new PhraseRefusalClassifier());
    }

    public HookRegistry withExternal(Hook hook) {
        if (hooks.containsKey(hook.name()) || SUITES.containsKey(hook.name())) {
            throw new IllegalArgumentException("an external hook cannot reuse the name " + hook.name());
        }
        hooks.put(hook.name(), () -> hook);
        return this;
    }

    public Set<String> names() {
        return hooks.keySet();
    }

    /**
     * The hooks named by a comma-separated list of hook and suite names, in order, each once
     * ("safety,xstest" is xstest and harmbench).
     */
    public List<Hook> resolve(String list) throws UserInputException {
        Set<String> names = new LinkedHashSet<>();
        for (String raw : list.split(",")) {
            String n = raw.strip();
            if (n.isEmpty()) {
                continue;
            }
            if (SUITES.containsKey(n)) {
                names.addAll(SUITES.get(n));
            } else if (hooks.containsKey(n)) {
                names.add(n);
            } else {
                throw new UserInputException("unknown hook \"" + n + "\" (hooks: " + String.join(", ", hooks.keySet())
                        + "; suites: " + String.join(", ", SUITES.keySet().stream().sorted().toList()) + ")");
            }
        }
        if (names.isEmpty()) {
            throw new UserInputException("--hooks names no hook");
        }
        List<Hook> out = new ArrayList<>();
        for (String n : names) {
            out.add(hooks.get(n).get());
        }
        return out;
    }
}
