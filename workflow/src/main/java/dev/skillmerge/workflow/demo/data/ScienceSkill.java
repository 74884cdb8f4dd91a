package dev.skillmerge.workflow.demo.data;

import java.util.List;

/**
 * The science skill: extract the chemicals, proteins or diseases of a synthetic abstract as a JSON list,
 * scored by JSON-list F1 (the science hook's list_f1, SciRIFF's metric for extraction tasks).
 */
public final class ScienceSkill implements SkillGenerator {
    private static final List<String> INSTRUCTIONS = List.of(
            "Extract all %s mentioned in the abstract below. Answer with a JSON list.",
            "List the %s named in this abstract as a JSON array.",
            "Which %s does this abstract mention? Reply with a JSON list of names.");

    @Override
    public String name() {
        return "science";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public DemoItem item(Draw draw) {
        ScienceAbstracts.Abstract a = ScienceAbstracts.draw(draw);
        ScienceAbstracts.Kind kind = draw.pick(ScienceAbstracts.Kind.values());
        String prompt = draw.pick(INSTRUCTIONS).formatted(kind.plural()) + "\n\nAbstract: " + a.text();
        return new DemoItem.Answer(kind.plural(), prompt, DemoItem.jsonList(a.of(kind)), "list_f1");
    }
}
