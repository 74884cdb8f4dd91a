package dev.skillmerge.workflow.demo.pipeline;

import dev.skillmerge.eval.code.HumanEvalHook;
import dev.skillmerge.eval.hook.GenerativeHook;
import dev.skillmerge.eval.safety.PhraseRefusalClassifier;
import dev.skillmerge.eval.safety.XsTestHook;
import dev.skillmerge.eval.science.ScienceHook;
import java.util.Locale;

/**
 * The four things the demo measures, each a data set scored by an existing eval hook: the general mix by
 * exact match (the science hook's label_accuracy), science by JSON-list F1 (science hook), safety by the
 * XSTest hook's refusal classifier, code by the HumanEval hook's sandbox.
 */
public enum Suite {
    GENERAL("score"), SCIENCE("score"), SAFETY("balanced_accuracy"), CODE("pass@1");

    private final String primary;

    Suite(String primary) {
        this.primary = primary;
    }

    /** The data set's name (its folder under the demo data) and the suite's name in summaries. */
    public String set() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String primary() {
        return primary;
    }

    /** The suite a skill's data set is judged by. */
    public static Suite of(String set) {
        return valueOf(set.toUpperCase(Locale.ROOT));
    }

    GenerativeHook<?> newHook() {
        return switch (this) {
            case GENERAL, SCIENCE -> new ScienceHook();
            case SAFETY -> new XsTestHook(new PhraseRefusalClassifier());
            case CODE -> new HumanEvalHook();
        };
    }
}
