package dev.skillmerge.workflow.demo.data;

/**
 * A documented, procedural source of one skill's examples (docs/demo.md, "Data"). {@link #item} must be a
 * pure function of its draw, so that a data set is a function of (generator, seed, sizes).
 */
public interface SkillGenerator {
    /** The skill's name: general, science, safety or code. */
    String name();

    /** Bumped whenever the generator's output changes, so that cached data and everything trained on it are redone. */
    int version();

    DemoItem item(Draw draw);
}
