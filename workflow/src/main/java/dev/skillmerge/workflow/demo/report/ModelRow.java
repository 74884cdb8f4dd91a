package dev.skillmerge.workflow.demo.report;

import dev.skillmerge.workflow.demo.pipeline.Scores;
import java.nio.file.Path;

/**
 * One model of the demo's table: how it was made ({@code group}: trained, PTM, ...), its test figures, the
 * training steps it cost (merges: the steps of the experts merged in; CFT: its own steps after the general
 * model), what it is made of ({@code detail}: data, or merge weights), and where its folder and test results are.
 */
public record ModelRow(String label, String group, Scores test, long steps, String detail, Path model, Path results) {
}
