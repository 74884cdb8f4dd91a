package dev.skillmerge.workflow.demo.report;

/**
 * One point of the dev-split weight sweep: G + w * tau_skill by task arithmetic, its dev figures for the
 * skill (the skill suite's primary metric) and for the general mix.
 */
public record SweepResult(String skill, double weight, double skillScore, double generalScore) {
}
